/* The block editor of the plan form (templates/plans/_blocks.html, plans/block_editor.py): insert,
   delete, move, indent and change the kind of the plan's blocks in place, from the mouse or the
   keyboard, and split pasted paragraphs into blocks on their labels. Blocks are posted as
   body-N-<field>; after every change the names are renumbered in page order, so the server reads
   the blocks in the order seen. Without this file the blocks are still edited and saved.
   Turbo Drive swaps pages without reloading this file: every handler is on the document. */
(function () {
  "use strict";

  const MAX_LEVEL = 3;
  const NAME = /^(id_)?body-(\d+|__prefix__)-/;

  function editorOf(el) { return el && el.closest("[data-block-editor]"); }
  function blockOf(el) { return el && el.closest("[data-block]"); }
  function blocks(editor) { return Array.from(editor.querySelectorAll("[data-blocks] > [data-block]")); }
  function field(block, name) { return block.querySelector('[data-block-field="' + name + '"]'); }

  function say(editor, message) {
    const status = editor.querySelector("[data-block-status]");
    if (status) status.textContent = message;
  }

  /* Names, ids and labels' targets follow the blocks' order: body-0-…, body-1-… */
  function renumber(editor) {
    blocks(editor).forEach(function (block, index) {
      block.id = "block-" + index;
      block.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attribute) {
          const value = el.getAttribute(attribute);
          if (value && NAME.test(value)) el.setAttribute(attribute, value.replace(NAME, "$1body-" + index + "-"));
        });
      });
      const number = block.querySelector("[data-block-number]");
      if (number) number.textContent = String(index + 1);
    });
    const total = editor.querySelector("[data-block-total]");
    if (total) total.value = String(blocks(editor).length);
    nest(editor);
  }

  /* A heading sits at its level; every other block one step under the heading it follows. */
  function nest(editor) {
    let under = 0;
    blocks(editor).forEach(function (block) {
      if (block.dataset.kind === "heading") {
        under = parseInt(block.dataset.level, 10) || 1;
        block.dataset.depth = String(under - 1);
      } else {
        block.dataset.depth = String(under);
      }
    });
  }

  /* A block's text box grows with its text (no scrolling inside a box of two lines). */
  function fit(box) {
    if (!box || !box.matches('[data-block-field="text"], [data-block-field="rows"]')) return;
    box.style.height = "auto";
    box.style.height = box.scrollHeight + 2 + "px";
  }
  function fitAll() { document.querySelectorAll('[data-block] textarea').forEach(fit); }
  document.addEventListener("input", function (event) { fit(event.target); });
  function setUp() {
    fitAll();
    document.querySelectorAll("[data-block-editor]").forEach(nest);
  }
  document.addEventListener("turbo:load", setUp);
  document.addEventListener("turbo:render", setUp);
  window.addEventListener("resize", fitAll);

  function setKind(block, kind) {
    block.dataset.kind = kind;
    const select = field(block, "kind");
    if (select) select.value = kind;
    const editor = editorOf(block);
    if (editor) nest(editor);
  }

  function setLevel(block, level) {
    level = Math.max(1, Math.min(MAX_LEVEL, level));
    block.dataset.level = String(level);
    field(block, "level").value = String(level);
    const badge = block.querySelector("[data-block-level-badge]");
    if (badge) badge.textContent = String(level);
    const editor = editorOf(block);
    if (editor) nest(editor);
  }

  function focusText(block, atStart) {
    const text = field(block, "text");
    const target = block.dataset.kind === "table" ? field(block, "rows") : text;
    if (!target) return;
    target.focus();
    const end = atStart ? 0 : target.value.length;
    if (target.setSelectionRange) target.setSelectionRange(end, end);
  }

  /* "1." → "2.", "a)" → "b)", "II." → "III.", "-" stays "-": the label the next block likely has. */
  const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"];
  function nextLabel(label) {
    label = (label || "").trim();
    let m;
    if (/^[-*+•–]$/.test(label)) return label;
    if ((m = /^([IVX]+)([.)])$/.exec(label)) && ROMAN.indexOf(m[1]) >= 0) {
      const next = ROMAN[ROMAN.indexOf(m[1]) + 1];
      return next ? next + m[2] : "";
    }
    if ((m = /^((?:\d+\.)*)(\d+)([.)]?)$/.exec(label))) return m[1] + (parseInt(m[2], 10) + 1) + m[3];
    if ((m = /^([a-zđ])([.)])$/.exec(label)) && m[1] !== "z" && m[1] !== "đ") return String.fromCharCode(m[1].charCodeAt(0) + 1) + m[2];
    return "";
  }

  function newBlock(editor) {
    const template = editor.querySelector("#block-template");
    const holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.trim();
    return holder.firstElementChild;
  }

  /* A new block after `after` (or at the end); `values`: kind, level, label, text. */
  function insertBlock(editor, after, values) {
    const block = newBlock(editor);
    const list = editor.querySelector("[data-blocks]");
    if (after) after.after(block); else list.appendChild(block);
    values = values || {};
    setKind(block, values.kind || "paragraph");
    setLevel(block, values.level || 1);
    field(block, "label").value = values.label || "";
    field(block, "text").value = values.text || "";
    renumber(editor);
    fit(field(block, "text"));
    return block;
  }

  function insertAfter(block) {
    const editor = editorOf(block);
    const kind = block.dataset.kind === "heading" || block.dataset.kind === "table" ? "paragraph" : block.dataset.kind;
    const level = parseInt(block.dataset.level, 10) || 1;
    const label = block.dataset.kind === "heading" ? "" : nextLabel(field(block, "label").value);
    const added = insertBlock(editor, block, { kind: kind === "footnote" ? "footnote" : kind, level: level, label: label });
    focusText(added);
    say(editor, "Đã thêm khối " + (blocks(editor).indexOf(added) + 1) + ".");
    return added;
  }

  function move(block, step) {
    const editor = editorOf(block);
    const focused = document.activeElement;
    const sibling = step < 0 ? block.previousElementSibling : block.nextElementSibling;
    if (!sibling) return;
    if (step < 0) sibling.before(block); else sibling.after(block);
    renumber(editor);
    if (focused && block.contains(focused)) focused.focus();
    block.scrollIntoView({ block: "nearest" });
    say(editor, "Khối chuyển đến vị trí " + (blocks(editor).indexOf(block) + 1) + ".");
  }

  /* Only a heading has a level (1–3): the blocks after it follow it. */
  function indent(block, step) {
    if (block.dataset.kind !== "heading") {
      say(editorOf(block), "Chỉ tiêu đề có cấp; khối này theo cấp của tiêu đề phía trên.");
      return;
    }
    setLevel(block, (parseInt(block.dataset.level, 10) || 1) + step);
    say(editorOf(block), "Tiêu đề cấp " + block.dataset.level + ".");
  }

  function remove(block) {
    const editor = editorOf(block);
    const neighbour = block.previousElementSibling || block.nextElementSibling;
    block.remove();
    renumber(editor);
    if (neighbour) focusText(neighbour);
    else editor.querySelector("[data-block-append]").focus();
    say(editor, "Đã xóa khối.");
  }

  function changeKind(block, kind) {
    setKind(block, kind);
    const first = kind === "target" ? field(block, "value") : kind === "task" ? field(block, "lead_unit") : null;
    if (first) first.focus();
    say(editorOf(block), "Khối thành " + field(block, "kind").selectedOptions[0].textContent + ".");
  }

  const ACTIONS = {
    insert: insertAfter,
    up: function (block) { move(block, -1); },
    down: function (block) { move(block, 1); },
    indent: function (block) { indent(block, 1); },
    outdent: function (block) { indent(block, -1); },
    target: function (block) { changeKind(block, "target"); },
    task: function (block) { changeKind(block, "task"); },
    delete: remove,
  };

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-block-action]");
    if (button && blockOf(button) && ACTIONS[button.dataset.blockAction]) {
      event.preventDefault();
      ACTIONS[button.dataset.blockAction](blockOf(button));
      return;
    }
    const append = event.target.closest("[data-block-append]");
    const editor = editorOf(append);
    if (append && editor) {
      event.preventDefault();
      const all = blocks(editor);
      const added = all.length ? insertAfter(all[all.length - 1]) : insertBlock(editor, null, {});
      focusText(added);
    }
  });

  document.addEventListener("change", function (event) {
    const block = blockOf(event.target);
    if (!block || !editorOf(block)) return;
    const name = event.target.dataset.blockField;
    if (name === "kind") setKind(block, event.target.value);
    if (name === "timing_kind") block.dataset.timing = event.target.value;
    if (name === "schedule_kind") block.dataset.schedule = event.target.value;
    if (name === "schedule2_kind") block.dataset.schedule2 = event.target.value;
  });

  document.addEventListener("keydown", function (event) {
    const block = blockOf(event.target);
    if (!block || !editorOf(block)) return;
    const target = event.target;
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      const action = { ArrowUp: "up", ArrowDown: "down", ArrowRight: "indent", ArrowLeft: "outdent" }[event.key];
      if (action) {
        event.preventDefault();
        ACTIONS[action](block);
        return;
      }
    }
    if (event.key === "Delete" && event.ctrlKey && event.shiftKey) {
      event.preventDefault();
      remove(block);
      return;
    }
    const isText = target.dataset.blockField === "text" || target.dataset.blockField === "label";
    if (!isText) return;
    if (event.key === "Enter" && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey && !event.isComposing) {
      const atEnd = target.dataset.blockField === "label" || (target.selectionStart === target.value.length && target.selectionEnd === target.value.length);
      if (atEnd) {
        event.preventDefault(); // Enter in a block never submits the form
        insertAfter(block);
      }
      return;
    }
    if (event.key === "Backspace" && target.dataset.blockField === "text" && !target.value && !field(block, "label").value) {
      const previous = block.previousElementSibling;
      if (previous) {
        event.preventDefault();
        block.remove();
        renumber(editorOf(previous));
        focusText(previous);
      }
    }
  });

  /* Pasted paragraphs: one block each, its label read off its start. A Roman numeral makes a
     heading; "1." a heading of level 2 and "1.1." of level 3 when short and without a full stop;
     the rest are paragraphs (under the heading before them). */
  const LABELED = /^\s*([IVXLC]+\.|\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-*+•–])\s+(.*)$/;
  function pieceOf(line) {
    const m = LABELED.exec(line);
    const piece = { kind: "paragraph", level: 1, label: "", text: line.trim() };
    if (!m) return piece;
    piece.label = m[1];
    piece.text = m[2].trim();
    const short = piece.text.length <= 80 && !/[.;:]$/.test(piece.text);
    if (/^[IVXLC]+\.$/.test(m[1])) { piece.kind = "heading"; piece.level = 1; }
    else if (/^\d+[.)]$/.test(m[1])) { if (short) { piece.kind = "heading"; piece.level = 2; } }
    else if (/^\d+\.\d+/.test(m[1]) && short) { piece.kind = "heading"; piece.level = 3; }
    return piece;
  }

  document.addEventListener("paste", function (event) {
    const target = event.target;
    if (!target.matches || !target.matches('[data-block-field="text"]')) return;
    const block = blockOf(target);
    const editor = editorOf(block);
    const text = (event.clipboardData || window.clipboardData).getData("text/plain") || "";
    const lines = text.replace(/\r\n?/g, "\n").split("\n").filter(function (line) { return line.trim(); });
    if (!editor || lines.length < 2) return; // one paragraph: pasted as usual
    event.preventDefault();
    const pieces = lines.map(pieceOf);
    let last = block;
    if (!target.value.trim()) {
      const first = pieces.shift();
      if (!field(block, "label").value) field(block, "label").value = first.label;
      target.value = first.label && field(block, "label").value === first.label ? first.text : lines[0].trim();
      fit(target);
      if (block.dataset.kind === "paragraph" || block.dataset.kind === "heading") {
        setKind(block, first.kind);
        setLevel(block, first.level);
      }
    }
    pieces.forEach(function (piece) { last = insertBlock(editor, last, piece); });
    focusText(last);
    say(editor, "Đã dán " + lines.length + " đoạn thành các khối.");
  });
})();
