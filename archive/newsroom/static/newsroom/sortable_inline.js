"use strict";
// Rows of a sortable inline (admin/newsroom/sortable_tabular.html) as one ordered list: each row
// moves by dragging its handle or by its "move up"/"move down" buttons (keyboard), and the
// hidden order fields are numbered from the rows' places, never typed by hand. A static file,
// not an inline script: the Content Security Policy allows no inline scripts.
(function () {
    function rows(container) {
        return Array.from(container.querySelectorAll("tbody tr.form-row:not(.empty-form)"));
    }

    function orderInput(row) {
        return row.querySelector("input[type=hidden][name$='-order']");
    }

    function renumber(container) {
        rows(container).forEach(function (row, index) {
            const input = orderInput(row);
            if (input) {
                input.value = String(index + 1);
            }
            const position = row.querySelector(".sortable-position");
            if (position) {
                position.textContent = String(index + 1);
            }
        });
    }

    function announce(container, row) {
        const list = rows(container);
        const status = container.querySelector(".sortable-status");
        if (status) {
            status.textContent = container.dataset.labelMoved
                .replace("{position}", String(list.indexOf(row) + 1))
                .replace("{count}", String(list.length));
        }
    }

    function move(container, row, delta) {
        const list = rows(container);
        const target = list[list.indexOf(row) + delta];
        if (!target) {
            return;
        }
        if (delta < 0) {
            target.before(row);
        } else {
            target.after(row);
        }
        renumber(container);
        announce(container, row);
    }

    function button(label, text, onClick) {
        const element = document.createElement("button");
        element.type = "button";
        element.className = "sortable-move";
        element.textContent = text;
        element.setAttribute("aria-label", label);
        element.title = label;
        element.addEventListener("click", onClick);
        return element;
    }

    let dragged = null;

    function enhance(container, row) {
        if (row.dataset.sortable || !orderInput(row)) {
            return;  // translators see the order read-only: nothing to move
        }
        row.dataset.sortable = "1";
        const controls = document.createElement("div");
        controls.className = "sortable-controls";
        const handle = document.createElement("span");
        handle.className = "sortable-handle";
        handle.draggable = true;
        handle.title = container.dataset.labelDrag;
        handle.textContent = "⠿";
        handle.setAttribute("aria-hidden", "true");
        const position = document.createElement("span");
        position.className = "sortable-position";
        const up = button(container.dataset.labelUp, "↑", function () {
            move(container, row, -1);
            up.focus();
        });
        const down = button(container.dataset.labelDown, "↓", function () {
            move(container, row, 1);
            down.focus();
        });
        controls.append(handle, position, up, down);
        row.querySelector("td.original").prepend(controls);

        handle.addEventListener("dragstart", function (event) {
            dragged = row;
            row.classList.add("sortable-dragging");
            event.dataTransfer.effectAllowed = "move";
            event.dataTransfer.setData("text/plain", row.id);
            event.dataTransfer.setDragImage(row, 10, 10);
        });
        handle.addEventListener("dragend", function () {
            row.classList.remove("sortable-dragging");
            dragged = null;
            renumber(container);
        });
        row.addEventListener("dragover", function (event) {
            if (!dragged || dragged === row || !container.contains(dragged)) {
                return;
            }
            event.preventDefault();
            const box = row.getBoundingClientRect();
            if (event.clientY < box.top + box.height / 2) {
                row.before(dragged);
            } else {
                row.after(dragged);
            }
        });
        row.addEventListener("drop", function (event) {
            event.preventDefault();
            renumber(container);
            if (dragged) {
                announce(container, dragged);
            }
        });
    }

    function setUp(container) {
        rows(container).forEach(function (row) {
            enhance(container, row);
        });
        renumber(container);
        const form = container.closest("form");
        if (form) {
            form.addEventListener("submit", function () {
                renumber(container);
            });
        }
    }

    function start() {
        document.querySelectorAll(".sortable-inline").forEach(setUp);
        // Django's inlines.js announces each row added with "Add another".
        document.addEventListener("formset:added", function (event) {
            const container = event.target.closest(".sortable-inline");
            if (container) {
                enhance(container, event.target);
                renumber(container);
            }
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
