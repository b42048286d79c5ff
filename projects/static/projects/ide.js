// The project IDE: Monaco (installed from npm, AMD build under static/vendor/monaco/vs), file
// loading, debounced autosave with revision checks (a 409 shows the conflict), Ctrl/Cmd+S,
// compile diagnostics as editor markers. Panels around the editor are htmx fragments. Notebooks
// (.ipynb) open as their rendered, read-only view (the research app's fragment); "Edit source"
// shows the JSON in Monaco. Open files are tabs above the editor; completion and hover know the
// QC API (generated from the engine, projects/completions.py); a .py file is checked again a
// moment after each autosave so diagnostics follow the typing.
"use strict";

(function () {
  const root = document.getElementById("ide");
  if (!root) return;
  const readOnly = root.dataset.readOnly === "true";
  const readUrl = root.dataset.readUrl;
  const saveUrl = root.dataset.saveUrl;
  const statusEl = document.getElementById("save-status");
  const fileNameEl = document.getElementById("current-file-name");
  const conflictEl = document.getElementById("conflict");
  const editorEl = document.getElementById("editor");
  const notebookPane = document.getElementById("notebook-pane");
  const sourceToggle = document.getElementById("notebook-source-toggle");
  let notebookSource = false; // true: the open notebook shows its JSON in Monaco
  const AUTOSAVE_MS = 1500;
  const files = new Map(); // name -> {name, model, revision, savedVersion, saving, timer}
  let monaco = null;
  let editor = null;
  let current = null;
  let conflict = null; // {entry, theirs, diff}
  let diagnostics = [];
  const openTabs = []; // file names in tab order
  const tabsEl = document.getElementById("editor-tabs");
  const CHECK_MS = 1200; // after an autosave, how long typing must pause before a check

  function renderTabs() {
    tabsEl.textContent = "";
    for (const name of openTabs) {
      const entry = files.get(name);
      const tab = document.createElement("div");
      tab.className = "editor-tab" + (current && current.name === name ? " is-current" : "");
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-selected", current && current.name === name ? "true" : "false");
      tab.dataset.file = name;
      tab.title = name;
      const label = document.createElement("span");
      label.textContent = name.split("/").pop();
      tab.appendChild(label);
      if (entry && !readOnly && isDirty(entry)) {
        const dot = document.createElement("span");
        dot.className = "tab-dirty";
        dot.title = "Unsaved changes";
        tab.appendChild(dot);
      }
      const close = document.createElement("button");
      close.type = "button";
      close.className = "tab-close";
      close.setAttribute("aria-label", "Close " + name);
      close.textContent = "×";
      tab.appendChild(close);
      tabsEl.appendChild(tab);
    }
  }

  tabsEl.addEventListener("click", async (event) => {
    const tab = event.target.closest(".editor-tab");
    if (!tab || !editor) return;
    const name = tab.dataset.file;
    if (event.target.closest(".tab-close")) {
      const entry = files.get(name);
      if (entry && !readOnly && isDirty(entry)) await save(entry);
      const index = openTabs.indexOf(name);
      openTabs.splice(index, 1);
      if (openTabs.length === 0) openTabs.push("main.py");
      if (current && current.name === name) {
        await openFile(openTabs[Math.min(index, openTabs.length - 1)]);
      } else {
        renderTabs();
      }
      return;
    }
    openFile(name);
  });

  // Diagnostics while typing: once an autosave of a .py file lands and typing has paused, the
  // Build check runs again (its fragment carries the diagnostics the markers show).
  let checkTimer = null;
  function scheduleCheck(entry) {
    if (!entry.name.endsWith(".py")) return;
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => {
      const button = document.getElementById("compile-button");
      if (button && window.htmx && !(current && isDirty(current))) window.htmx.trigger(button, "click");
    }, CHECK_MS);
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (e) {
      const input = document.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }
  }

  function setStatus(state, text) {
    statusEl.dataset.state = state;
    statusEl.textContent = text;
  }

  function isDirty(entry) {
    return entry.model.getAlternativeVersionId() !== entry.savedVersion;
  }

  function refreshStatus() {
    if (readOnly) return setStatus("readonly", "Read only");
    if (!current) return;
    if (conflict) return setStatus("conflict", "Conflict");
    if (current.saving) return setStatus("saving", "Saving…");
    if (current.error) return setStatus("error", current.error);
    setStatus(isDirty(current) ? "unsaved" : "saved", isDirty(current) ? "Unsaved changes" : "Saved");
  }

  function languageFor(name) {
    if (name.endsWith(".py")) return "python";
    if (name.endsWith(".json") || name.endsWith(".ipynb")) return "json";
    if (name.endsWith(".md")) return "markdown";
    return "plaintext";
  }

  async function load(name) {
    const response = await fetch(readUrl + "?name=" + encodeURIComponent(name), {
      headers: { Accept: "application/json" },
    });
    if (!response.ok) throw new Error("Could not open " + name);
    const data = await response.json();
    const uri = monaco.Uri.parse("file:///" + name.split("/").map(encodeURIComponent).join("/"));
    const old = monaco.editor.getModel(uri);
    if (old) old.dispose();
    const model = monaco.editor.createModel(data.content, languageFor(name), uri);
    const entry = { name, model, revision: data.revision, savedVersion: model.getAlternativeVersionId(), saving: false, timer: null, error: null };
    model.onDidChangeContent(() => {
      entry.error = null;
      if (!readOnly) scheduleSave(entry);
      if (entry === current) refreshStatus();
      clearTimeout(checkTimer);
      renderTabs();
    });
    files.set(name, entry);
    applyMarkers();
    return entry;
  }

  async function openFile(name, line) {
    if (current && current.name !== name && !readOnly && isDirty(current) && !conflict) {
      await save(current);
    }
    let entry = files.get(name);
    if (!entry) {
      try {
        entry = await load(name);
      } catch (e) {
        setStatus("error", e.message);
        return;
      }
    }
    current = entry;
    if (!openTabs.includes(name)) openTabs.push(name);
    renderTabs();
    editor.setModel(entry.model);
    fileNameEl.textContent = name;
    await showNotebook(entry);
    document.querySelectorAll(".file-link").forEach((link) => {
      link.classList.toggle("is-current", link.dataset.file === name);
    });
    const url = new URL(window.location.href);
    url.searchParams.set("file", name);
    window.history.replaceState(null, "", url);
    if (line) {
      editor.revealLineInCenter(line);
      editor.setPosition({ lineNumber: line, column: 1 });
    }
    editor.focus();
    refreshStatus();
  }

  function isNotebook(name) {
    return name.toLowerCase().endsWith(".ipynb");
  }

  // A notebook shows its rendered cells (sanitized by the server) unless its source is open.
  async function showNotebook(entry) {
    const notebook = isNotebook(entry.name);
    sourceToggle.hidden = !notebook;
    const rendered = notebook && !notebookSource;
    sourceToggle.textContent = rendered ? "Edit source" : "View notebook";
    editorEl.hidden = rendered;
    notebookPane.hidden = !rendered;
    if (!rendered) return;
    if (!readOnly && isDirty(entry)) await save(entry);
    notebookPane.textContent = "Rendering…";
    const response = await fetch(root.dataset.notebookUrl + "?name=" + encodeURIComponent(entry.name), {
      headers: { "HX-Request": "true" },
    });
    notebookPane.innerHTML = response.ok ? await response.text() : "<p>Could not render the notebook.</p>";
    if (window.htmx) window.htmx.process(notebookPane);
  }

  sourceToggle.addEventListener("click", () => {
    notebookSource = !notebookSource;
    if (current) showNotebook(current);
  });

  function scheduleSave(entry) {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => save(entry), AUTOSAVE_MS);
  }

  async function save(entry, { force = false } = {}) {
    if (readOnly || !entry) return;
    clearTimeout(entry.timer);
    if (conflict && !force) return;
    if (entry.saving) {
      entry.again = true;
      return;
    }
    if (!isDirty(entry) && !force) {
      if (entry === current) refreshStatus();
      return;
    }
    entry.saving = true;
    if (entry === current) refreshStatus();
    const version = entry.model.getAlternativeVersionId();
    const body = new FormData();
    body.append("name", entry.name);
    body.append("content", entry.model.getValue());
    body.append("base_revision", String(entry.revision));
    let response;
    try {
      response = await fetch(saveUrl, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      });
    } catch (e) {
      entry.saving = false;
      entry.error = "Not saved: offline?";
      if (entry === current) refreshStatus();
      scheduleSave(entry);
      return;
    }
    entry.saving = false;
    const data = await response.json().catch(() => ({}));
    if (response.ok) {
      entry.revision = data.revision;
      entry.savedVersion = version;
      entry.error = null;
      renderTabs();
      scheduleCheck(entry);
    } else if (response.status === 409 && data.current) {
      showConflict(entry, data.current);
    } else {
      entry.error = "Not saved: " + (data.error || response.statusText);
    }
    if (entry === current) refreshStatus();
    if (entry.again) {
      entry.again = false;
      if (isDirty(entry)) save(entry);
    }
  }

  function showConflict(entry, theirs) {
    if (entry !== current) openFile(entry.name);
    if (conflict) conflict.diff.dispose();
    conflictEl.hidden = false;
    conflictEl.querySelector("[data-conflict-file]").textContent = entry.name;
    conflictEl.querySelector("[data-conflict-revision]").textContent = theirs.revision;
    const diff = monaco.editor.createDiffEditor(document.getElementById("conflict-diff"), {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      renderSideBySide: true,
    });
    diff.setModel({
      original: monaco.editor.createModel(theirs.content, languageFor(entry.name)),
      modified: monaco.editor.createModel(entry.model.getValue(), languageFor(entry.name)),
    });
    conflict = { entry, theirs, diff };
    refreshStatus();
  }

  function closeConflict() {
    if (!conflict) return;
    const models = conflict.diff.getModel();
    conflict.diff.dispose();
    if (models) {
      models.original.dispose();
      models.modified.dispose();
    }
    conflict = null;
    conflictEl.hidden = true;
  }

  document.getElementById("conflict-reload").addEventListener("click", () => {
    const { entry, theirs } = conflict;
    closeConflict();
    entry.model.setValue(theirs.content);
    clearTimeout(entry.timer);
    entry.revision = theirs.revision;
    entry.savedVersion = entry.model.getAlternativeVersionId();
    refreshStatus();
  });
  document.getElementById("conflict-overwrite").addEventListener("click", () => {
    const { entry, theirs } = conflict;
    closeConflict();
    entry.revision = theirs.revision;
    save(entry, { force: true });
  });

  function applyMarkers() {
    if (!monaco) return;
    for (const entry of files.values()) {
      const markers = diagnostics
        .filter((d) => d.file === entry.name)
        .map((d) => ({
          severity: d.severity === "warning" ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Error,
          message: d.message,
          startLineNumber: Math.max(1, d.line),
          endLineNumber: Math.max(1, d.line),
          startColumn: (d.column || 0) + 1,
          endColumn: entry.model.getLineMaxColumn(Math.min(Math.max(1, d.line), entry.model.getLineCount())),
        }));
      monaco.editor.setModelMarkers(entry.model, "compile", markers);
    }
  }

  function readDiagnostics() {
    const script = document.getElementById("compile-diagnostics");
    diagnostics = script ? JSON.parse(script.textContent) : [];
    applyMarkers();
  }

  // Explorer and diagnostics links open files in the editor (their href is the fallback).
  document.addEventListener("click", (event) => {
    const link = event.target.closest(".file-link, .diagnostic");
    if (!link || !editor) return;
    event.preventDefault();
    openFile(link.dataset.file, link.dataset.line ? parseInt(link.dataset.line, 10) : null);
  });

  // Build: save first so the check sees the latest code.
  const compileButton = document.getElementById("compile-button");
  compileButton.addEventListener("htmx:confirm", (event) => {
    if (!current || readOnly || !isDirty(current)) return;
    event.preventDefault();
    save(current).then(() => event.detail.issueRequest(true));
  });

  document.body.addEventListener("htmx:afterSwap", (event) => {
    const target = event.detail.target;
    if (target.id === "compile-output" || (event.detail.elt && event.detail.elt.id === "compile-output")) {
      readDiagnostics();
    }
    const tree = document.getElementById("file-tree");
    if (tree && tree.contains(event.detail.elt) || (event.detail.elt && event.detail.elt.id === "file-tree")) {
      const names = new Set([...document.querySelectorAll(".file-link")].map((l) => l.dataset.file));
      for (const [name, entry] of files) {
        if (!names.has(name) && entry !== current) {
          entry.model.dispose();
          files.delete(name);
        }
      }
      const opened = document.querySelector("[data-open-file]");
      if (opened) openFile(opened.dataset.openFile);
      else if (current && !names.has(current.name)) {
        const gone = current;
        current = null;
        files.delete(gone.name);
        openFile("main.py").then(() => gone.model.dispose());
      } else if (current) {
        document.querySelectorAll(".file-link").forEach((link) => {
          link.classList.toggle("is-current", link.dataset.file === current.name);
        });
      }
    }
  });

  // Ctrl/Cmd+S anywhere on the page saves instead of opening the browser's dialog.
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      save(current);
    }
  });
  const saveButton = document.getElementById("save-button");
  if (saveButton) saveButton.addEventListener("click", () => save(current));
  // The backtest panel's Backtest button (an htmx fragment, swapped in again and again) saves the
  // open file first, then sends its form.
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (form.id !== "backtest-form" || !editor || form.dataset.saved) return;
    event.preventDefault();
    form.querySelector("button").disabled = true;
    try {
      await save(current);
    } catch (e) {
      // the server has the last saved version
    }
    form.dataset.saved = "1";
    form.submit();
  });

  window.addEventListener("beforeunload", (event) => {
    if (readOnly) return;
    for (const entry of files.values()) {
      if (isDirty(entry)) {
        event.preventDefault();
        event.returnValue = "";
        return;
      }
    }
  });

  // Completion and hover for the QC API. The data comes from the engine (one JSON document):
  // `self.` lists QCAlgorithm's methods and properties with signature and doc, `Resolution.` (any
  // enum-like class of AlgorithmImports) its members, anything else the AlgorithmImports names.
  function registerApiLanguageFeatures() {
    let api = null;
    const ready = fetch(root.dataset.completionsUrl, { headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        api = data;
        if (window.qcwebIde) window.qcwebIde.api = data;
      })
      .catch(() => null);
    const kinds = monaco.languages.CompletionItemKind;
    const kindOf = { method: kinds.Method, property: kinds.Property, enum: kinds.EnumMember, constant: kinds.Constant, class: kinds.Class, function: kinds.Function, module: kinds.Module, variable: kinds.Variable };
    const members = new Map();

    function docOf(item) {
      return item.doc ? { value: item.doc } : undefined;
    }

    monaco.languages.registerCompletionItemProvider("python", {
      triggerCharacters: ["."],
      async provideCompletionItems(model, position) {
        await ready;
        if (!api) return { suggestions: [] };
        const word = model.getWordUntilPosition(position);
        const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
        const before = model.getLineContent(position.lineNumber).slice(0, word.startColumn - 1);
        const owner = /([A-Za-z_][A-Za-z0-9_]*)\.$/.exec(before);
        let items;
        if (owner && owner[1] === "self") items = api.algorithm;
        else if (owner && api.types[owner[1]]) items = api.types[owner[1]];
        else if (owner) return { suggestions: [] };
        else items = api.names;
        return {
          suggestions: items.map((item) => ({
            label: item.name,
            kind: kindOf[item.kind] || kinds.Text,
            detail: item.detail || item.kind,
            documentation: docOf(item),
            insertText: item.name,
            range,
          })),
        };
      },
    });

    monaco.languages.registerHoverProvider("python", {
      async provideHover(model, position) {
        await ready;
        const word = model.getWordAtPosition(position);
        if (!api || !word) return null;
        if (!members.size) {
          for (const item of api.algorithm) members.set("self." + item.name, item);
          for (const item of api.names) members.set(item.name, item);
        }
        const before = model.getLineContent(position.lineNumber).slice(0, word.startColumn - 1);
        const item = (/self\.$/.test(before) && members.get("self." + word.word)) || members.get(word.word);
        if (!item) return null;
        const contents = [{ value: "```python\n" + (item.detail || item.name) + "\n```" }];
        if (item.doc) contents.push({ value: item.doc });
        return {
          range: new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn),
          contents,
        };
      },
    });
  }

  // Monaco's web worker starts from a static file: Monaco would build that small bootstrap as a
  // blob: URL, which the Content-Security-Policy doesn't allow.
  const monacoRoot = new URL(root.dataset.monaco, window.location.href).href;
  window.MonacoEnvironment = {
    getWorkerUrl: () => `${root.dataset.monacoWorker}?vs=${encodeURIComponent(monacoRoot)}`,
  };
  window.require.config({ paths: { vs: root.dataset.monaco } });
  window.require(["vs/editor/editor.main"], function () {
    monaco = window.monaco;
    editor = monaco.editor.create(document.getElementById("editor"), {
      model: null,
      readOnly,
      automaticLayout: true,
      lineNumbers: "on",
      minimap: { enabled: false },
      fontSize: 14,
      scrollBeyondLastLine: false,
      tabSize: 4,
      insertSpaces: true,
    });
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => save(current));
    registerApiLanguageFeatures();
    readDiagnostics();
    // ?line=N (links from a backtest's stack trace) puts the cursor on that line.
    const startLine = parseInt(new URL(window.location.href).searchParams.get("line"), 10) || null;
    openFile(root.dataset.currentFile, startLine).then(() => {
      root.dataset.ready = "true";
    });
    // For browser tests and debugging.
    window.qcwebIde = { monaco, editor, save: () => save(current), files, current: () => current, tabs: openTabs };
  });
})();
