// One episode: its best frame with the track's path, its clip, its facts and actions on a timeline.
"use strict";
(async () => {
  const id = decodeURIComponent(location.pathname.split("/").pop());
  const e = await argus.get("/api/episodes/" + encodeURIComponent(id));
  document.title = "Argus: " + e.label + " at " + e.camera_id;
  document.getElementById("title").textContent = e.label + " at " + e.camera_id + ", " + argus.time(e.started_at);

  const img = document.getElementById("snapshot");
  if (e.snapshot_url) img.src = e.snapshot_url; else img.alt = "no snapshot yet";
  const svg = document.getElementById("path");
  if (e.path.length) {
    svg.append(argus.svg("polyline", { points: e.path.map(p => p.x + "," + p.y).join(" "), "data-points": e.path.length }));
    const last = e.path[e.path.length - 1];
    svg.append(argus.svg("circle", { cx: last.x, cy: last.y, r: 0.008, fill: "#ffd400" }));
  }

  const video = document.getElementById("clip");
  if (e.clip_url) video.src = e.clip_url; else { video.hidden = true; document.getElementById("noclip").hidden = false; }

  const facts = document.getElementById("facts");
  const rows = [["camera", argus.el("a", { href: "/cameras/" + encodeURIComponent(e.camera_id) }, e.camera_id)], ["label", e.label],
    ["from", argus.time(e.started_at)], ["to", argus.time(e.ended_at)], ["duration", argus.seconds(e.duration_s)], ["status", e.status],
    ["frames", String(e.frames)], ["peak confidence", e.peak_confidence.toFixed(2)], ["zones", e.zones.join(", ") || "-"],
    ["stationary", e.stationary ? "yes" : "no"], ["track", String(e.track_id)], ["model", e.model_id]];
  for (const [k, v] of rows) facts.append(argus.el("dt", {}, k), argus.el("dd", {}, v));

  const start = Date.parse(e.started_at), span = Math.max(1, Date.parse(e.ended_at) - start);
  const timeline = document.getElementById("timeline"), list = document.getElementById("actions");
  for (const a of e.action_list) {
    const at = (Date.parse(a.ts) - start) / span * 100;
    const what = a.type + (a.zone ? " " + a.zone : "") + (a.data && a.data.direction ? " " + a.data.direction : "");
    timeline.append(argus.el("div", { class: "mark", style: "left:" + at.toFixed(2) + "%", title: what, "data-action": a.type }));
    list.append(argus.el("li", {}, new Date(a.ts).toLocaleTimeString() + " " + what));
  }
  if (!e.action_list.length) list.append(argus.el("li", { class: "note" }, "no actions"));
})();
