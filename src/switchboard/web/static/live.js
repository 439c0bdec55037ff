// Refreshes the live view from /live.json every few seconds: same origin, the session cookie.
// Text goes in with textContent only, so nothing from the server is ever parsed as HTML.
"use strict";

function setText(root, name, text) {
  const element = root.querySelector(`[data-live="${name}"]`);
  if (element) element.textContent = text;
}

function queueRow(queue) {
  const row = document.createElement("tr");
  const name = document.createElement("th");
  name.scope = "row";
  name.textContent = queue.queue;
  row.append(name);
  for (const value of [String(queue.waiting), queue.longest_wait]) {
    const cell = document.createElement("td");
    cell.textContent = value;
    row.append(cell);
  }
  return row;
}

function show(root, data) {
  setText(root, "as_of", data.as_of || "no data yet");
  setText(root, "waiting", String(data.waiting));
  setText(root, "longest_wait", data.longest_wait);
  const body = root.querySelector('[data-live="queues"]');
  if (body) body.replaceChildren(...data.queues.map(queueRow));
  for (const [state, count] of Object.entries(data.agents_by_state)) {
    const cell = root.querySelector(`[data-live-state="${state}"]`);
    if (cell) cell.textContent = String(count);
  }
}

async function refresh(root) {
  try {
    const response = await fetch(root.dataset.source, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    const json = (response.headers.get("content-type") || "").includes("application/json");
    if (!response.ok || response.redirected || !json) {
      setText(root, "status", "Could not refresh: reload the page (you may need to sign in again).");
      return false;
    }
    show(root, await response.json());
    setText(root, "status", "");
    return true;
  } catch (error) {
    setText(root, "status", "Could not refresh: the server did not answer.");
    return true;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("live");
  if (!root) return;
  const seconds = Number(root.dataset.refreshSeconds) || 5;
  const timer = window.setInterval(async () => {
    if (!(await refresh(root))) window.clearInterval(timer);
  }, seconds * 1000);
});
