// Worker threads cannot load their scripts from inside an asar archive, so
// the packaged app unpacks dist/workers and dist/common (electron-builder.yml,
// asarUnpack) and points workers at the unpacked copy.

export function unpackedUrl(url: URL): URL {
  return new URL(url.href.replace(/\/app\.asar\//, '/app.asar.unpacked/'));
}
