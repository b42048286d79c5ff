// Monaco's web worker (diffs of the conflict view, word suggestions), started by projects/ide.js
// with ?vs=<absolute URL of Monaco's vs/ folder>. Monaco would otherwise build this bootstrap as a
// blob: URL, which the Content-Security-Policy doesn't allow for workers.
"use strict";
const vs = new URL(self.location.href).searchParams.get("vs").replace(/\/$/, "");
// Monaco's AMD loader finds its modules from the folder that holds vs/.
self.MonacoEnvironment = { baseUrl: vs.slice(0, -"vs".length) };
importScripts(`${vs}/base/worker/workerMain.js`);
