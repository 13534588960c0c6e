// The app's places as data. Routing lives in the URL hash so that reloading,
// the back button and deep links work the same from a file (Electron) and
// from the token-guarded serve URL, whose query string must stay untouched.

export type Route =
  | { view: 'design' }
  | { view: 'train' }
  | { view: 'runs' }
  | { view: 'run'; runId: number }
  | { view: 'compare'; runIds: number[] }
  /** The dataset browser, showing `datasetId` (null: the first dataset). */
  | { view: 'datasets'; datasetId: string | null }
  | { view: 'not-found'; path: string };

export type TopLevelView = 'design' | 'train' | 'datasets' | 'runs' | 'compare';

function parseId(text: string): number | null {
  return /^[1-9]\d*$/.test(text) ? Number(text) : null;
}

/** Ids from `ids=1,2,3`: positive integers only, duplicates dropped, order kept. */
function parseIdList(query: string): number[] {
  const idsParameter = new URLSearchParams(query).get('ids') ?? '';
  const ids = idsParameter
    .split(',')
    .map((part) => parseId(part.trim()))
    .filter((id): id is number => id !== null);
  return [...new Set(ids)];
}

export function parseRoute(hash: string): Route {
  const withoutMark = hash.replace(/^#/, '');
  const [rawPath, query = ''] = withoutMark.split('?', 2);
  const path = rawPath.replace(/\/+$/, '') || '/design';
  const segments = path.split('/').filter(Boolean);
  if (segments.length === 1) {
    if (segments[0] === 'design' || segments[0] === 'train' || segments[0] === 'runs') return { view: segments[0] };
    if (segments[0] === 'compare') return { view: 'compare', runIds: parseIdList(query) };
    if (segments[0] === 'datasets') return { view: 'datasets', datasetId: new URLSearchParams(query).get('id') || null };
  }
  if (segments.length === 2 && segments[0] === 'runs') {
    const runId = parseId(segments[1]);
    if (runId !== null) return { view: 'run', runId };
  }
  return { view: 'not-found', path: withoutMark };
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case 'design':
    case 'train':
    case 'runs':
      return `#/${route.view}`;
    case 'run':
      return `#/runs/${route.runId}`;
    case 'compare':
      return route.runIds.length > 0 ? `#/compare?ids=${route.runIds.join(',')}` : '#/compare';
    case 'datasets':
      return route.datasetId === null ? '#/datasets' : `#/datasets?${new URLSearchParams({ id: route.datasetId })}`;
    case 'not-found':
      return `#${route.path}`;
  }
}

/** Which navigation entry a route belongs to (a run's detail page sits under Runs). */
export function sectionOf(route: Route): TopLevelView | null {
  switch (route.view) {
    case 'run':
      return 'runs';
    case 'not-found':
      return null;
    default:
      return route.view;
  }
}
