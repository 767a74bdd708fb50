// PartnerRules playground: plain JavaScript, no framework, nothing fetched but this server's own routes.
// Text from the server or the user is always put into the page as text (textContent), never as HTML.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const LINT_DELAY_MS = 300;

  const state = {
    partners: [],
    currentId: null,
    fileName: "",
    original: "",
    findings: [],
    lintedText: "",
    form: null,
    formKey: "",
    lintSeq: 0,
    previewSeq: 0,
    diffSeq: 0,
    timer: null,
  };

  // ---- building elements -------------------------------------------------------------------

  /** An element with attributes and children; strings become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else if (name in node && typeof value !== "string") node[name] = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
    for (const child of children.flat()) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function plural(count, one, many) {
    return `${count} ${count === 1 ? one : (many || one + "s")}`;
  }

  function setStatus(id, text, isError) {
    const node = $(id);
    node.textContent = text;
    node.classList.toggle("error", Boolean(isError));
  }

  // ---- talking to the server ---------------------------------------------------------------

  /** A failure said in words for people: never a stack or a JSON dump. */
  class Problem extends Error {}

  /** Calls one of this server's routes and returns the parsed JSON (or text); throws a Problem. */
  async function api(path, { method = "GET", json, body, contentType, what = "The request", as = "json" } = {}) {
    const init = { method, headers: {}, cache: "no-store" };
    if (json !== undefined) {
      init.body = JSON.stringify(json);
      init.headers["Content-Type"] = "application/json";
    } else if (body !== undefined) {
      init.body = body;
      init.headers["Content-Type"] = contentType || "text/plain; charset=utf-8";
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (error) {
      throw new Problem("The playground cannot reach its server. Is partner-rules serve still running? Start it again and reload this page.");
    }
    const text = await response.text();
    if (!response.ok) throw new Problem(describeFailure(response.status, text, what));
    if (as === "text") return text;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new Problem(`${what} got an answer the page cannot read. Reload the page; if it happens again, the server and the page are from different versions.`);
    }
  }

  /** The server's one error shape, {"error": {line, column, path, message}}, as a sentence. */
  function describeFailure(status, text, what) {
    let detail = null;
    try {
      const parsed = JSON.parse(text);
      if (parsed && typeof parsed === "object" && parsed.error && typeof parsed.error.message === "string") detail = parsed.error;
    } catch (error) { /* not JSON: say it in general terms below */ }
    if (status === 413) return `${what} is too large: the server reads at most 1 MiB. Use a smaller file.`;
    if (detail) {
      const where = [];
      if (detail.line) where.push(`line ${detail.line}`);
      if (detail.column) where.push(`column ${detail.column}`);
      if (detail.path) where.push(`at ${detail.path}`);
      const message = detail.message.charAt(0).toUpperCase() + detail.message.slice(1);
      return `${what} was refused${where.length ? ` (${where.join(", ")})` : ""}: ${message}.`.replace(/\.\.$/, ".");
    }
    if (status === 404) return `${what} asked for something the server does not have (it may be an older version of partner-rules serve).`;
    if (status >= 500) return `${what} failed on the server (status ${status}). Try again; the server's log says more.`;
    return `${what} was refused by the server (status ${status}).`;
  }

  function showServerProblem(message) {
    const node = $("server-status");
    node.textContent = message;
    node.hidden = !message;
  }

  // ---- partner list ------------------------------------------------------------------------

  async function loadPartners() {
    try {
      const partners = await api("/v1/partners", { what: "Loading the partner list" });
      state.partners = Array.isArray(partners) ? partners : (partners.partners || []);
    } catch (error) {
      showServerProblem(error.message);
      return;
    }
    renderPartnerList();
    const wanted = new URLSearchParams(location.hash.slice(1)).get("partner");
    const first = state.partners.find((p) => p.id === wanted) || state.partners[0];
    if (first) await selectPartner(first.id, false);
  }

  function partnerWords(partner) {
    return [partner.id, partner.name, ...(partner.aliases || []), ...(partner.media_sources || [])]
      .filter(Boolean).join(" ").toLowerCase();
  }

  function renderPartnerList() {
    const query = $("partner-search").value.trim().toLowerCase();
    const list = $("partner-list");
    const shown = state.partners.filter((p) => !query || partnerWords(p).includes(query));
    list.replaceChildren(...shown.map((partner) => el("li", {},
      el("button", {
        type: "button",
        "data-partner": partner.id,
        "aria-current": partner.id === state.currentId ? "true" : "false",
        onclick: () => selectPartner(partner.id, true),
      }, partner.name || partner.id, el("span", { class: "sources", text: (partner.media_sources || []).join(", ") })))));
    $("partner-count").textContent = query
      ? `${shown.length} of ${plural(state.partners.length, "partner")} match.`
      : `${plural(state.partners.length, "partner")}.`;
  }

  async function selectPartner(id, focusEditor) {
    let source;
    try {
      source = await api(`/v1/partners/${encodeURIComponent(id)}/source`, { what: `Loading ${id}.yaml`, as: "text" });
    } catch (error) {
      setStatus("lint-status", error.message, true);
      return;
    }
    showServerProblem("");
    state.currentId = id;
    state.fileName = `${id}.yaml`;
    state.original = source;
    state.form = null;
    state.formKey = "";
    $("partner-form").replaceChildren();
    $("file-name").textContent = state.fileName;
    const area = $("source");
    area.disabled = false;
    area.value = source;
    area.scrollTop = 0;
    area.scrollLeft = 0;
    state.findings = [];
    history.replaceState(null, "", `#partner=${encodeURIComponent(id)}`);
    renderPartnerList();
    renderEditor();
    $("existing-list").replaceChildren();
    clearVerdict();
    if (focusEditor) area.focus();
    await Promise.all([runLint(), runPreview(false)]);
  }

  // ---- the editor --------------------------------------------------------------------------

  function lineHeight() {
    return parseFloat(getComputedStyle($("source")).lineHeight) || 21;
  }

  /** The findings by the line they are shown at; one past the end (a file cut short while typing) shows at the last line. */
  function findingsByLine(lineCount) {
    const byLine = new Map();
    for (const finding of state.findings) {
      const line = Math.min(Math.max(finding.line, 1), lineCount);
      if (!byLine.has(line)) byLine.set(line, []);
      byLine.get(line).push(finding);
    }
    return byLine;
  }

  function severityOf(list) {
    return list.some((f) => f.severity === "error") ? "error" : "warning";
  }

  /** Draws the gutter (line numbers, marked where a finding is) and the backdrop (the message at its line). */
  function renderEditor() {
    const lines = $("source").value.split("\n");
    const byLine = findingsByLine(lines.length);
    const gutter = [];
    const backdrop = [];
    lines.forEach((text, index) => {
      const number = index + 1;
      const found = byLine.get(number);
      const severity = found ? severityOf(found) : "";
      gutter.push(el("div", { class: severity, "data-line": number }, found ? `${severity === "error" ? "✖" : "▲"} ${number}` : String(number)));
      const message = found
        ? el("span", { class: "msg" }, found[0].message + (found.length > 1 ? ` (+${found.length - 1} more)` : ""))
        : null;
      backdrop.push(el("div", { class: `ln ${severity}`, "data-line": number }, text, message));
    });
    $("gutter").replaceChildren(el("div", { class: "inner" }, gutter));
    $("backdrop").replaceChildren(el("div", { class: "inner" }, backdrop));
    syncScroll();
  }

  function syncScroll() {
    const area = $("source");
    const gutterInner = $("gutter").firstElementChild;
    const backdropInner = $("backdrop").firstElementChild;
    if (gutterInner) gutterInner.style.transform = `translateY(${-area.scrollTop}px)`;
    if (backdropInner) backdropInner.style.transform = `translate(${-area.scrollLeft}px, ${-area.scrollTop}px)`;
  }

  /** Puts the caret at a 1-based line and column and scrolls the line into view. */
  function goToLine(line, column) {
    const area = $("source");
    const lines = area.value.split("\n");
    const target = Math.min(Math.max(line, 1), lines.length);
    let offset = 0;
    for (let i = 0; i < target - 1; i++) offset += lines[i].length + 1;
    offset += Math.min(Math.max((column || 1) - 1, 0), lines[target - 1].length);
    area.focus();
    area.setSelectionRange(offset, offset);
    area.scrollTop = Math.max(0, (target - 1) * lineHeight() - area.clientHeight / 3);
    syncScroll();
  }

  function scheduleEdits() {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      // The diff needs a catalog without errors: it runs once lint has found none.
      runLint().then(() => {
        if (state.findings.some((finding) => finding.severity === "error")) {
          setStatus("changes-status", "Fix the errors above to see what this edit changes.", false);
          $("changes").replaceChildren();
        } else {
          runDiff();
        }
      });
      runPreview(false);
    }, LINT_DELAY_MS);
  }

  function baseName(path) {
    return String(path || "").split("/").pop();
  }

  async function runLint() {
    if (!state.fileName) return;
    const seq = ++state.lintSeq;
    const text = $("source").value;
    let findings;
    try {
      findings = await api("/v1/lint", { method: "POST", json: { files: { [state.fileName]: text } }, what: "Linting the file" });
    } catch (error) {
      if (seq === state.lintSeq) setStatus("lint-status", error.message, true);
      return;
    }
    if (seq !== state.lintSeq) return;
    state.lintedText = text;
    const list = Array.isArray(findings) ? findings : (findings.findings || []);
    state.findings = list
      .filter((f) => baseName(f.file) === state.fileName)
      .sort((a, b) => a.line - b.line || a.column - b.column);
    renderEditor();
    renderFindings();
  }

  function renderFindings() {
    const errors = state.findings.filter((f) => f.severity === "error").length;
    const warnings = state.findings.length - errors;
    setStatus("lint-status", state.findings.length === 0
      ? `${state.fileName}: no problems found.`
      : `${state.fileName}: ${plural(errors, "error")} and ${plural(warnings, "warning")}.`, false);
    $("findings").replaceChildren(...state.findings.map((finding) => {
      const related = (finding.related || []).map((place) => `${place.file}:${place.line}:${place.column}`);
      return el("li", { class: finding.severity },
        el("button", {
          type: "button",
          "data-line": finding.line,
          "data-column": finding.column,
          "data-code": finding.code,
          onclick: () => goToLine(finding.line, finding.column),
        },
        el("span", { class: "where" }, `Line ${finding.line}, column ${finding.column}`), " ",
        el("span", { class: `sev-${finding.severity}` }, finding.severity), ": ",
        el("span", { class: "message" }, finding.message), " ",
        el("code", {}, `[${finding.code}]`),
        finding.suggestion && !finding.fix ? el("span", { class: "fix" }, `Fix: ${finding.suggestion}`) : null,
        related.length ? el("span", { class: "fix" }, `Also at ${related.join(", ")}`) : null),
        finding.fix ? el("div", { class: "fix-offer" },
          el("span", { class: "fix-description" }, `Fix: ${finding.fix.description}`), " ",
          el("button", {
            type: "button",
            class: "apply",
            "data-apply": finding.code,
            "aria-label": `Apply the fix: ${finding.fix.description}`,
            onclick: () => applyFindingFix(finding),
          }, "Apply")) : null);
    }));
  }

  /**
   * The text with every edit of a proven fix made (SPEC 18), as the engine's `Fix.applied(to:)` makes them, or null
   * when an edit points outside the text or two edits overlap. Columns count Unicode scalars, so the text is taken
   * as code points, not as JavaScript's UTF-16 units. Edits are made from the last to the first, so each one's place
   * still means what the engine meant. Also gives the caret's UTF-16 offset: after the first edit's new text.
   */
  function applyFix(text, fix) {
    const points = Array.from(text);
    const lineStarts = [0];
    points.forEach((point, index) => { if (point === "\n") lineStarts.push(index + 1); });
    const offset = (line, column) => {
      if (!Number.isInteger(line) || !Number.isInteger(column) || line < 1 || line > lineStarts.length || column < 1) return null;
      const start = lineStarts[line - 1];
      let end = line < lineStarts.length ? lineStarts[line] - 1 : points.length;
      if (end > start && points[end - 1] === "\r" && line < lineStarts.length) end -= 1;
      const target = start + column - 1;
      return target <= end ? target : null;
    };
    const ranges = [];
    for (const edit of (fix && fix.edits) || []) {
      const from = offset(edit.line, edit.column);
      const to = offset(edit.end_line, edit.end_column);
      if (from === null || to === null || from > to || typeof edit.text !== "string") return null;
      ranges.push({ from, to, text: Array.from(edit.text) });
    }
    if (!ranges.length) return null;
    ranges.sort((a, b) => a.from - b.from);
    for (let i = 1; i < ranges.length; i++) if (ranges[i - 1].to > ranges[i].from) return null;
    const first = ranges[0];
    for (const range of [...ranges].reverse()) points.splice(range.from, range.to - range.from, ...range.text);
    return { text: points.join(""), caret: points.slice(0, first.from + first.text.length).join("").length };
  }

  /** The Apply button: makes the fix's edits in the editor, puts the caret there, and lints again. */
  function applyFindingFix(finding) {
    const area = $("source");
    if (area.value !== state.lintedText) {
      setStatus("lint-status", "The file changed after this fix was found. Wait a moment for the new findings, then apply the fix again.", true);
      return;
    }
    const applied = applyFix(area.value, finding.fix);
    if (!applied) {
      setStatus("lint-status", "This fix no longer fits the file. Wait a moment for the new findings, then try again.", true);
      return;
    }
    area.value = applied.text;
    const before = applied.text.slice(0, applied.caret);
    const line = before.split("\n").length;
    goToLine(line, applied.caret - before.lastIndexOf("\n"));
    setStatus("lint-status", `Applied: ${finding.fix.description}. Checking the file again…`, false);
    renderEditor();
    scheduleEdits();
  }

  // ---- what the edit changes ---------------------------------------------------------------

  async function runDiff() {
    if (!state.fileName) return;
    const seq = ++state.diffSeq;
    let answer;
    try {
      answer = await api("/v1/diff", { method: "POST", json: { files: { [state.fileName]: $("source").value } }, what: "Comparing with the catalog in service" });
    } catch (error) {
      if (seq === state.diffSeq) {
        setStatus("changes-status", error.message, true);
        $("changes").replaceChildren();
      }
      return;
    }
    if (seq !== state.diffSeq) return;
    const changed = (answer.partners || []).filter((partner) => partner.change !== "unchanged");
    setStatus("changes-status", changed.length === 0
      ? "No request or row gets another answer."
      : changed.map((partner) => `${partner.partner}: ${partner.summary}.`).join(" "), false);
    $("changes").replaceChildren(...changed.flatMap((partner) => partner.cells.map((cell) =>
      el("li", { class: cell.direction === "stricter" ? "error" : "warning" },
        el("span", { class: "where" }, `${partner.partner}, ${cell.decision}`), " ",
        el("span", { class: "message" }, `${cell.description}: ${answerWords(cell.before)} before, ${answerWords(cell.after)} now`),
        el("code", { class: "fix" }, JSON.stringify(cell.example))))));
  }

  function answerWords(answer) {
    if (answer && "valid" in answer) {
      const codes = (answer.errors || []).map((issue) => issue.code);
      return answer.valid ? `accepted (${answer.plan})` : `refused (${codes.join(", ")})`;
    }
    if (answer && "level" in answer) return answer.level === "dropped" ? "dropped as a duplicate" : `${answer.level} level`;
    return "another timeline";
  }

  // ---- the credential form -----------------------------------------------------------------

  function currentRequestBody(withRequest) {
    const body = { files: { [state.fileName]: $("source").value } };
    if (withRequest) {
      body.request = buildRequest();
      body.existing = buildExisting();
      const today = $("today").value;
      if (today) body.today = today;
    }
    return body;
  }

  async function runPreview(withRequest) {
    if (!state.fileName) return;
    const seq = ++state.previewSeq;
    let answer;
    try {
      answer = await api("/v1/preview", { method: "POST", json: currentRequestBody(withRequest), what: withRequest ? "Checking the request" : "Rendering the form" });
    } catch (error) {
      if (seq === state.previewSeq) setStatus("form-status", error.message, true);
      return;
    }
    if (seq !== state.previewSeq) return;
    if (answer.form) {
      setStatus("form-status", "", false);
      const key = JSON.stringify(answer.form);
      if (key !== state.formKey) {
        state.formKey = key;
        state.form = answer.form;
        renderForm(answer.form);
      }
    } else {
      setStatus("form-status", state.form
        ? "The file has errors, so this is the form of its last version without errors. Fix the errors to see your change."
        : "The file has errors, so there is no form to show yet. Fix the errors listed under the editor.", true);
    }
    if (withRequest) renderVerdict(answer.verdict);
  }

  let fieldCounter = 0;
  function fieldId(prefix, key) {
    fieldCounter += 1;
    return `${prefix}-${String(key).replace(/[^A-Za-z0-9_-]/g, "_")}-${fieldCounter}`;
  }

  /** One input of the form: its label, required or optional, help, masked when the field is. */
  function renderField(field, group, values) {
    const id = fieldId(group, field.key);
    const helpId = `${id}-help`;
    const hints = [];
    if (field.help) hints.push(field.help);
    if (field.min_length != null && field.max_length != null) hints.push(`${field.min_length} to ${field.max_length} characters.`);
    else if (field.min_length != null) hints.push(`At least ${field.min_length} characters.`);
    else if (field.max_length != null) hints.push(`At most ${field.max_length} characters.`);
    const input = el("input", {
      id,
      type: field.masked ? "password" : (field.kind === "email" ? "email" : "text"),
      autocomplete: field.masked ? "new-password" : "off",
      spellcheck: "false",
      "data-group": group,
      "data-key": field.key,
      "data-kind": field.kind,
      "aria-describedby": hints.length ? helpId : null,
      "aria-required": field.required ? "true" : null,
      placeholder: field.placeholder || null,
    });
    if (values[`${group}.${field.key}`] !== undefined) input.value = values[`${group}.${field.key}`];
    const children = [
      el("label", { for: id }, field.label || field.key,
        el("span", { class: `tag ${field.required ? "required" : "optional"}` }, field.required ? "required" : "optional"),
        field.masked ? el("span", { class: "tag optional" }, "hidden as you type") : null),
      input,
      hints.length ? el("p", { id: helpId, class: "hint" }, hints.join(" ")) : null,
    ];
    if (field.fallback) {
      const fallbackId = fieldId(group, field.fallback.key);
      const fallback = el("input", {
        id: fallbackId, type: "text", autocomplete: "off", spellcheck: "false",
        "data-group": group, "data-key": field.fallback.key, "aria-describedby": `${fallbackId}-help`,
      });
      if (values[`${group}.${field.fallback.key}`] !== undefined) fallback.value = values[`${group}.${field.fallback.key}`];
      children.push(el("div", { class: "fallback" },
        el("label", { for: fallbackId }, field.fallback.label || field.fallback.key, el("span", { class: "tag optional" }, "fallback")),
        fallback,
        el("p", { id: `${fallbackId}-help`, class: "hint" }, `Only when the ${field.label || field.key} is not accepted: enter the ${field.fallback.label || field.fallback.key} instead.`)));
    }
    return el("div", { class: "field" }, children);
  }

  function currentFormValues() {
    const values = {};
    for (const input of document.querySelectorAll("#partner-form input[data-key]")) {
      if (input.type === "checkbox") values[`${input.dataset.group}.${input.dataset.key}`] = input.checked;
      else values[`${input.dataset.group}.${input.dataset.key}`] = input.value;
    }
    return values;
  }

  function listText(items) {
    if (items.length <= 1) return items.join("");
    return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
  }

  function renderForm(form) {
    const values = currentFormValues();
    const parts = [];
    parts.push(el("h3", {}, `${form.name} `, el("span", { class: "hint mono" }, (form.media_sources || []).join(", "))));

    const facts = [];
    facts.push(form.per_user
      ? "Each user may hold their own connection for an app; several users can integrate the same app."
      : "One connection per app: a second user cannot integrate an app that is already integrated.");
    facts.push(form.agency
      ? "May be integrated through a transparent agency (one integration per app and agency)."
      : "Cannot be integrated through an agency.");
    facts.push(form.credentials_mutable
      ? "Credentials can be changed on an existing integration."
      : "Credentials cannot be changed: to change them, the integration is deleted and created again.");
    const roles = form.roles || { all_of: [], any_of: [] };
    if ((roles.all_of || []).length) facts.push(`The user needs every one of these roles: ${roles.all_of.join(", ")}.`);
    if ((roles.any_of || []).length) facts.push(`The user needs one of these roles: ${listText(roles.any_of)}.`);
    const adTypes = form.ad_types || { rule: "unsupported", names: [] };
    const adLevel = form.ad_level_ad_types || [];
    const names = (adTypes.names || []).map((n) => n.aliases && n.aliases.length ? `${n.name} (also ${n.aliases.join(", ")})` : n.name);
    if (adTypes.rule === "supported") facts.push(`Only these ad types reach creative level: ${names.join(", ") || "none"}; every other ad type stays at ad level.`);
    else if (names.length) facts.push(`These ad types stay at ad level, not per creative: ${names.join(", ")}.`);
    else if (adLevel.length) facts.push(`These ad types stay at ad level: ${adLevel.join(", ")}.`);
    else facts.push("Every ad type reaches creative level.");
    for (const old of form.supersedes || []) {
      const dates = [old.introduced ? `its replacement arrived ${old.introduced}` : null, old.deprecated ? `closes to new integrations after ${old.deprecated}` : null].filter(Boolean);
      facts.push(`Replaces the legacy ${old.name} (${old.media_source})${dates.length ? `: ${dates.join(", ")}` : ""}.`);
    }
    parts.push(el("ul", { class: "notes", id: "partner-facts" }, facts.map((f) => el("li", {}, f))));

    if (form.auth === "oauth") {
      const explainId = fieldId("oauth", "explain");
      parts.push(el("fieldset", { class: "sub" }, el("legend", {}, "Sign-in"),
        el("p", {}, el("button", {
          type: "button", id: "oauth-button", "aria-controls": explainId, "aria-expanded": "false",
          onclick: (event) => {
            const box = $(explainId);
            box.hidden = !box.hidden;
            event.currentTarget.setAttribute("aria-expanded", String(!box.hidden));
          },
        }, `Log in with ${form.name}`)),
        el("p", { id: explainId, class: "oauth-explain", hidden: true, role: "note" },
          `In the product this button opens ${form.name}'s own sign-in page in a new window; the user logs in there and grants access, and no password is typed here. `
          + "The playground does not contact the partner: say below what the sign-in gave."),
        checkbox("oauth", "granted", "The user signed in and granted access", values, true),
        checkbox("oauth", "full_permissions", "Every permission asked for was granted", values, true)));
    }

    const fields = form.fields || [];
    if (fields.length) {
      parts.push(el("fieldset", {}, el("legend", {}, "Credentials"), fields.map((f) => renderField(f, "credentials", values))));
    }
    const metrics = form.partner_metrics || { required: false, fields: [] };
    if ((metrics.fields || []).length) {
      parts.push(el("fieldset", {}, el("legend", {}, `Partner metrics (${metrics.required ? "required" : "optional"})`),
        metrics.fields.map((f) => renderField(f, "partner_metrics", values))));
    }
    const allRoles = [...(roles.all_of || []), ...(roles.any_of || [])];
    if (allRoles.length) {
      parts.push(el("fieldset", {}, el("legend", {}, "The user's roles at the partner"),
        allRoles.map((role) => checkbox("roles", role, role, values, false))));
    }
    const setup = form.setup || { prerequisites: [], notes: [] };
    if ((setup.prerequisites || []).length) parts.push(el("h4", {}, "Before you start"), el("ul", { class: "notes" }, setup.prerequisites.map((t) => el("li", {}, t))));
    const notes = [...(setup.notes || []), ...(form.notes || [])];
    if (notes.length) parts.push(el("h4", {}, "Notes"), el("ul", { class: "notes" }, notes.map((t) => el("li", {}, t))));
    $("partner-form").replaceChildren(el("div", { class: "partner-card", "data-partner": form.id }, parts));
  }

  function checkbox(group, key, label, values, checkedByDefault) {
    const id = fieldId(group, key);
    const stored = values[`${group}.${key}`];
    return el("div", { class: "check" },
      el("input", { id, type: "checkbox", "data-group": group, "data-key": key, checked: stored === undefined ? checkedByDefault : stored }),
      el("label", { for: id }, label));
  }

  // ---- the request and the verdict ---------------------------------------------------------

  function splitList(text) {
    return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
  }

  function buildRequest() {
    const form = state.form;
    const request = { operation: $("operation").value, partner: form ? form.id : state.currentId };
    request.apps = splitList($("apps").value);
    if ($("user").value.trim()) request.user = $("user").value.trim();
    const credentials = {};
    const metrics = {};
    const roles = [];
    const oauth = {};
    for (const input of document.querySelectorAll("#partner-form input[data-key]")) {
      const { group, key } = input.dataset;
      if (group === "credentials" && input.value !== "") credentials[key] = input.value;
      else if (group === "partner_metrics" && input.value !== "") metrics[key] = input.value;
      else if (group === "roles" && input.checked) roles.push(key);
      else if (group === "oauth") oauth[key] = input.checked;
    }
    request.credentials = credentials;
    if (Object.keys(metrics).length) request.partner_metrics = metrics;
    if (form && form.auth === "oauth") request.oauth = oauth;
    if (form && ((form.roles.all_of || []).length || (form.roles.any_of || []).length)) request.roles = roles;
    const agency = $("agency-id").value.trim();
    if (agency) request.agency = { id: agency, transparent: $("agency-transparent").checked };
    const roiUser = $("roi360-user").value.trim();
    if ($("roi360-subscribed").checked || roiUser) {
      request.roi360 = { subscribed: $("roi360-subscribed").checked };
      if (roiUser) request.roi360.integrated_by = roiUser;
    }
    return request;
  }

  function buildExisting() {
    return [...document.querySelectorAll("#existing-list li")].map((item) => {
      const value = (name) => item.querySelector(`[data-name="${name}"]`).value.trim();
      const entry = {};
      if (value("media_source")) entry.media_source = value("media_source");
      else entry.partner = value("partner");
      entry.apps = splitList(value("apps"));
      if (value("user")) entry.user = value("user");
      if (value("agency")) entry.agency = value("agency");
      return entry;
    });
  }

  let existingCounter = 0;
  function addExisting() {
    existingCounter += 1;
    const n = existingCounter;
    const form = state.form;
    const sources = form ? [...(form.media_sources || []), ...(form.supersedes || []).map((s) => s.media_source)] : [];
    const item = el("li", { "data-existing": n },
      el("div", {}, el("label", { for: `existing-partner-${n}` }, "Partner"),
        el("input", { id: `existing-partner-${n}`, type: "text", "data-name": "partner", value: state.currentId || "", autocomplete: "off" })),
      el("div", {}, el("label", { for: `existing-source-${n}` }, "Media source"),
        el("select", { id: `existing-source-${n}`, "data-name": "media_source" },
          el("option", { value: "" }, "the partner's own"), sources.map((s) => el("option", { value: s }, s)))),
      el("div", {}, el("label", { for: `existing-apps-${n}` }, "Apps"),
        el("input", { id: `existing-apps-${n}`, type: "text", "data-name": "apps", value: $("apps").value, autocomplete: "off" })),
      el("div", {}, el("label", { for: `existing-user-${n}` }, "User"),
        el("input", { id: `existing-user-${n}`, type: "email", "data-name": "user", autocomplete: "off" })),
      el("div", {}, el("label", { for: `existing-agency-${n}` }, "Agency id"),
        el("input", { id: `existing-agency-${n}`, type: "text", "data-name": "agency", autocomplete: "off" })),
      el("div", {}, el("button", { type: "button", "aria-label": `Remove existing integration ${n}`, onclick: () => { item.remove(); $("existing-add").focus(); } }, "Remove")));
    $("existing-list").append(item);
    item.querySelector("input").focus();
  }

  function clearVerdict() {
    $("verdict-empty").hidden = false;
    $("verdict-body").replaceChildren();
  }

  function placeNodes(places) {
    if (!places || !places.length) return [el("span", {}, "the request itself (no partner-file fact)")];
    const nodes = [];
    places.forEach((place, index) => {
      if (index) nodes.push(", ");
      const label = `${baseName(place.file)} line ${place.line}`;
      if (baseName(place.file) === state.fileName) {
        nodes.push(el("button", { type: "button", class: "link", "data-line": place.line, onclick: () => goToLine(place.line, place.column) }, label));
      } else {
        nodes.push(el("span", {}, label));
      }
    });
    return nodes;
  }

  function issueList(title, kind, issues) {
    if (!issues || !issues.length) return [el("h4", {}, `${title}: none`)];
    return [el("h4", {}, `${title} (${issues.length})`), el("ol", { class: `issues ${kind}` }, issues.map((issue) => el("li", { "data-code": issue.code },
      el("span", { class: "code" }, issue.code), issue.path ? ` at ${issue.path}` : "", ": ", el("span", { class: "message" }, issue.message),
      el("div", { class: "because" }, "Because: ", placeNodes(issue.because)))))];
  }

  let verdictRound = 0;
  function renderVerdict(verdict) {
    $("verdict-empty").hidden = true;
    const body = $("verdict-body");
    verdictRound += 1;
    body.dataset.round = String(verdictRound);
    if (!verdict) {
      body.replaceChildren(el("p", { class: "status error" }, "The file has errors, so there is no verdict: fix the errors listed under the editor and check again."));
      return;
    }
    const parts = [];
    parts.push(el("p", {},
      el("span", { class: `badge ${verdict.valid ? "valid" : "invalid"}`, id: "verdict-valid", "data-valid": String(verdict.valid) }, verdict.valid ? "Valid" : "Not valid"),
      " ", verdict.partner ? `Partner ${verdict.partner}, media source ${verdict.media_source}.` : "No partner."));
    parts.push(el("p", { id: "verdict-plan", "data-plan": verdict.plan }, "Plan: ", el("strong", {}, verdict.plan.replace(/_/g, " ")),
      el("span", { class: "because" }, " — because: ", placeNodes(verdict.plan_because))));
    parts.push(...issueList("Errors", "errors", verdict.errors));
    parts.push(...issueList("Warnings", "warnings", verdict.warnings));
    const credentials = Object.entries(verdict.credentials || {});
    if (credentials.length) {
      parts.push(el("h4", {}, "Normalized values"), el("div", { class: "table-wrap" }, el("table", { id: "verdict-credentials" },
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Field"), el("th", { scope: "col" }, "Value stored"))),
        el("tbody", {}, credentials.map(([key, value]) => el("tr", { "data-key": key }, el("th", { scope: "row", class: "mono" }, key), el("td", { class: "mono" }, value)))))));
    }
    const candidates = Object.entries(verdict.candidates || {});
    if (candidates.length) {
      parts.push(el("h4", {}, "Candidates, tried in order"), el("div", { class: "table-wrap" }, el("table", { id: "verdict-candidates" },
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Field"), el("th", { scope: "col" }, "Values"))),
        el("tbody", {}, candidates.map(([key, values]) => el("tr", { "data-key": key }, el("th", { scope: "row", class: "mono" }, key), el("td", { class: "mono" }, values.join(" → "))))))));
    }
    const adLevel = verdict.ad_level_only;
    if (adLevel && adLevel.unsupported) parts.push(el("p", {}, `Ad level only: ${adLevel.unsupported.join(", ") || "none"}.`));
    if (adLevel && adLevel.supported) parts.push(el("p", {}, `Creative level only for: ${adLevel.supported.join(", ") || "none"}; everything else at ad level.`));
    body.replaceChildren(...parts);
  }

  // ---- performance rows --------------------------------------------------------------------

  async function classify() {
    const text = $("csv").value;
    if (!text.trim()) {
      setStatus("classify-status", "Paste rows or drop a CSV file first.", true);
      return;
    }
    setStatus("classify-status", "Classifying…", false);
    let summary;
    try {
      summary = await api("/v1/classify?summary=true", { method: "POST", body: text, contentType: "text/csv; charset=utf-8", what: "The CSV" });
    } catch (error) {
      setStatus("classify-status", error.message, true);
      $("summary").replaceChildren();
      return;
    }
    renderSummary(summary);
  }

  function renderSummary(summary) {
    const sources = summary.media_sources || [];
    const total = sources.reduce((sum, s) => sum + s.rows, 0);
    const duplicates = sources.reduce((sum, s) => sum + s.duplicates, 0);
    setStatus("classify-status", `${plural(total, "row")} in ${plural(sources.length, "media source")}; ${plural(duplicates, "duplicate")} dropped.`, false);
    if (!sources.length) {
      $("summary").replaceChildren();
      return;
    }
    const labelWidth = 230;
    const barWidth = 520;
    const rowHeight = 46;
    const width = labelWidth + barWidth + 40;
    const height = sources.length * rowHeight + 10;
    const most = Math.max(1, ...sources.map((s) => s.rows));
    const scale = barWidth / most;
    const bars = sources.map((s, index) => {
      const y = index * rowHeight + 6;
      const creative = s.creative_rows * scale;
      const ad = s.ad_rows * scale;
      const dup = s.duplicates * scale;
      const label = s.media_source.length > 30 ? `${s.media_source.slice(0, 29)}…` : s.media_source;
      return svg("g", { "data-media-source": s.media_source, "data-creative": s.creative_rows, "data-ad": s.ad_rows, "data-duplicates": s.duplicates },
        svg("title", {}, `${s.media_source}: ${s.creative_rows} creative, ${s.ad_rows} ad level, ${s.duplicates} duplicates dropped`),
        svg("text", { x: 0, y: y + 15 }, label),
        svg("text", { x: 0, y: y + 32, class: "sub" }, s.partner ? s.partner : "not in the catalog"),
        svg("rect", { x: labelWidth, y, width: creative, height: 22, fill: "#0b57d0" }),
        svg("rect", { x: labelWidth + creative, y, width: ad, height: 22, fill: "#b35c00" }),
        s.duplicates ? svg("rect", { x: labelWidth, y: y + 26, width: dup, height: 8, fill: "#5f6673" }) : null,
        svg("text", { x: labelWidth + creative + ad + 6, y: y + 16 }, `${s.creative_rows} / ${s.ad_rows}${s.duplicates ? ` (−${s.duplicates})` : ""}`));
    });
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": "chart-title", id: "summary-chart" },
      svg("title", { id: "chart-title" }, "Rows per media source: creative level, ad level, and duplicates dropped. The table below gives the same numbers."),
      bars);
    const percent = (value) => `${(value * 100).toFixed(1)} %`;
    const table = el("table", { id: "summary-table" },
      el("caption", { class: "visually-hidden" }, "Classification summary per media source"),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, "Media source"), el("th", { scope: "col" }, "Partner"),
        el("th", { scope: "col", class: "num" }, "Rows"), el("th", { scope: "col", class: "num" }, "Creative level"),
        el("th", { scope: "col", class: "num" }, "Ad level"), el("th", { scope: "col", class: "num" }, "Duplicates dropped"),
        el("th", { scope: "col", class: "num" }, "Kept"), el("th", { scope: "col", class: "num" }, "Coverage"))),
      el("tbody", {}, sources.map((s) => el("tr", { "data-media-source": s.media_source },
        el("th", { scope: "row", class: "mono" }, s.media_source), el("td", {}, s.partner || "not in the catalog"),
        el("td", { class: "num", "data-field": "rows" }, s.rows), el("td", { class: "num", "data-field": "creative_rows" }, s.creative_rows),
        el("td", { class: "num", "data-field": "ad_rows" }, s.ad_rows), el("td", { class: "num", "data-field": "duplicates" }, s.duplicates),
        el("td", { class: "num" }, s.rows - s.duplicates), el("td", { class: "num", "data-field": "coverage", "data-value": s.coverage }, percent(s.coverage))))));
    const apps = el("details", {}, el("summary", {}, "Per app"), el("div", { class: "table-wrap" }, el("table", { id: "summary-apps" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Media source"), el("th", { scope: "col" }, "App"),
        el("th", { scope: "col", class: "num" }, "Rows"), el("th", { scope: "col", class: "num" }, "Creative"),
        el("th", { scope: "col", class: "num" }, "Ad"), el("th", { scope: "col", class: "num" }, "Duplicates"))),
      el("tbody", {}, sources.flatMap((s) => (s.apps || []).map((a) => el("tr", {},
        el("td", { class: "mono" }, s.media_source), el("td", { class: "mono" }, a.app_id), el("td", { class: "num" }, a.rows),
        el("td", { class: "num" }, a.creative_rows), el("td", { class: "num" }, a.ad_rows), el("td", { class: "num" }, a.duplicates))))))));
    $("summary").replaceChildren(
      el("ul", { class: "legend" },
        el("li", {}, el("span", { class: "swatch creative" }), "creative level"),
        el("li", {}, el("span", { class: "swatch ad" }), "ad level"),
        el("li", {}, el("span", { class: "swatch dup" }), "duplicates dropped (counted in the rows, left out of classify's output)")),
      el("div", { class: "chart" }, chart),
      el("div", { class: "table-wrap" }, table),
      apps);
  }

  async function readDroppedFile(file) {
    if (!file) return;
    if (file.size > 1 << 20) {
      setStatus("classify-status", `${file.name} is larger than 1 MiB, the most the server reads. Use a smaller sample.`, true);
      return;
    }
    $("csv").value = await file.text();
    await classify();
  }

  // ---- availability ------------------------------------------------------------------------

  const TIMELINE = [
    ["backfill_from", "Data is backfilled from this day"],
    ["created", "The integration is created"],
    ["next_dashboard_refresh", "The next dashboard refresh"],
    ["first_data_by", "The first data has arrived by"],
    ["first_dashboard_with_data", "The first dashboard refresh that shows data"],
  ];

  async function showAvailability(event) {
    if (event) event.preventDefault();
    const created = $("created").value.trim();
    if (!created) {
      setStatus("availability-status", "Enter a date and time in UTC, such as 2026-11-20T08:00:00Z.", true);
      return;
    }
    let answer;
    try {
      answer = await api(`/v1/availability?created=${encodeURIComponent(created)}`, { what: "The creation time" });
    } catch (error) {
      setStatus("availability-status", error.message, true);
      $("timeline").replaceChildren();
      return;
    }
    setStatus("availability-status", `Timeline for an integration created at ${answer.created}.`, false);
    const items = TIMELINE.filter(([key]) => answer[key] !== undefined)
      .map(([key, text]) => ({ key, text, value: answer[key], order: Date.parse(answer[key].length === 10 ? `${answer[key]}T00:00:00Z` : answer[key]) }))
      .sort((a, b) => a.order - b.order);
    $("timeline").replaceChildren(
      el("ol", { class: "timeline", id: "timeline-list" }, items.map((item) => el("li", { "data-key": item.key },
        el("time", { class: "when", datetime: item.value }, item.value), item.text))),
      el("p", { id: "timeline-rates" },
        `Creative data is pulled ${plural(answer.creative_pulls_per_day, "time")} a day; performance data is refreshed every ${plural(answer.performance_refresh_hours, "hour")}.`));
  }

  // ---- wiring ------------------------------------------------------------------------------

  function start() {
    $("partner-search").addEventListener("input", renderPartnerList);
    $("partner-search").addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        const first = document.querySelector("#partner-list button");
        if (first) { event.preventDefault(); selectPartner(first.dataset.partner, true); }
      }
    });
    const area = $("source");
    area.addEventListener("input", () => { renderEditor(); scheduleEdits(); });
    area.addEventListener("scroll", syncScroll);
    $("revert").addEventListener("click", () => {
      area.value = state.original;
      renderEditor();
      scheduleEdits();
      area.focus();
    });
    $("check-form").addEventListener("submit", (event) => {
      event.preventDefault();
      if (!state.fileName) return;
      clearTimeout(state.timer);
      runLint();
      runPreview(true);
    });
    $("existing-add").addEventListener("click", addExisting);
    $("classify-button").addEventListener("click", classify);
    const zone = $("drop-zone");
    zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("over");
      readDroppedFile(event.dataTransfer && event.dataTransfer.files[0]);
    });
    $("csv-file").addEventListener("change", (event) => readDroppedFile(event.target.files[0]));
    $("availability-form").addEventListener("submit", showAvailability);
    const now = new Date();
    now.setUTCMinutes(0, 0, 0);
    $("created").value = now.toISOString().replace(/\.\d{3}Z$/, "Z");
    loadPartners();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
