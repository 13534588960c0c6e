// The current route as state, following the location hash. One instance for
// the whole app: views read `router.route` and move with `router.navigate`.

import { parseRoute, routeHash, type Route } from './routes.js';

class HashRouter {
  route = $state<Route>(parseRoute(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = parseRoute(window.location.hash);
    });
  }

  navigate(route: Route): void {
    const hash = routeHash(route);
    if (window.location.hash === hash) this.route = parseRoute(hash);
    else window.location.hash = hash;
  }
}

export const router = new HashRouter();
