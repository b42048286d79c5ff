// The course IDE: Monaco (the projects IDE's npm build) replaces the code textarea when it
// loads; the textarea stays the form field, so Submit works without Monaco too.
(function () {
  "use strict";
  const root = document.getElementById("course-ide");
  const textarea = document.getElementById("lesson-code");
  if (!root || !textarea || !window.require) return;
  const monacoRoot = new URL(root.dataset.monaco, window.location.href).href;
  window.MonacoEnvironment = {
    getWorkerUrl: () => `${root.dataset.monacoWorker}?vs=${encodeURIComponent(monacoRoot)}`,
  };
  window.require.config({ paths: { vs: root.dataset.monaco } });
  window.require(["vs/editor/editor.main"], function () {
    const host = document.getElementById("lesson-editor");
    host.hidden = false;
    textarea.hidden = true;
    const editor = window.monaco.editor.create(host, {
      value: textarea.value,
      language: "python",
      automaticLayout: true,
      minimap: { enabled: false },
    });
    editor.onDidChangeModelContent(() => { textarea.value = editor.getValue(); });
    window.qcwebLesson = { editor };
  });
})();
