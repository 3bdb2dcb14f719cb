// A view's live data: the event stream (api.stream) from now on, for the roles that may read the
// feed (MASTER and SERVER; the others get a 403). The view's own first read covers what came
// before. follow marks view data-live="stream" once the server has accepted the stream, calls
// reread() when a reconnection could not resume where the last one ended (a change may be
// unseen), onError(err) on a refusal (which ends it), and ends with signal (the view's cleanup).
import * as api from '../api.js';

export const mayFollow = (role) => role === 'MASTER' || role === 'SERVER';

export function follow(view, query, onEvent, { signal, reread, onError }) {
  api.stream({ ...query, after: 'now' }, onEvent, {
    signal,
    onError,
    onOpen: ({ missed }) => {
      view.dataset.live = 'stream';
      if (missed) reread();
    },
  });
}
