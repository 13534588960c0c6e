// Read by the Vite plugin and by svelte-check: every component uses runes.
export default {
  compilerOptions: { runes: true },
};
