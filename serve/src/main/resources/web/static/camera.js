// One camera: its latest frame with the zones and lines of the cameras file drawn on it, its status.
"use strict";
(async () => {
  const id = decodeURIComponent(location.pathname.split("/").pop());
  const c = await argus.get("/api/cameras/" + encodeURIComponent(id));
  document.title = "Argus: " + c.id;
  document.getElementById("title").textContent = c.name ? c.id + " (" + c.name + ")" : c.id;

  const img = document.getElementById("latest");
  img.onerror = () => { img.hidden = true; document.getElementById("noframe").hidden = false; };
  img.src = "/api/cameras/" + encodeURIComponent(c.id) + "/latest-frame";

  const svg = document.getElementById("geometry"), legend = document.getElementById("legend");
  for (const z of c.zones || []) {
    svg.append(argus.svg("polygon", { class: "zone", "data-zone": z.name, points: z.polygon.map(p => p.x + "," + p.y).join(" ") }));
    const t = argus.svg("text", { x: z.polygon[0].x + 0.01, y: z.polygon[0].y + 0.04 });
    t.textContent = z.name;
    svg.append(t);
    legend.append(argus.el("li", {}, "zone " + z.name + ": " + z.polygon.map(p => "(" + p.x + ", " + p.y + ")").join(" ")));
  }
  for (const l of c.lines || []) {
    svg.append(argus.svg("line", { class: "line", "data-line": l.name, x1: l.from.x, y1: l.from.y, x2: l.to.x, y2: l.to.y }));
    const t = argus.svg("text", { x: l.from.x + 0.01, y: l.from.y - 0.01 });
    t.textContent = l.name + " (A above)";
    svg.append(t);
    legend.append(argus.el("li", {}, "line " + l.name + ": (" + l.from.x + ", " + l.from.y + ") to (" + l.to.x + ", " + l.to.y + ")"));
  }

  const facts = document.getElementById("facts");
  for (const [k, v] of [["status", c.status], ["last seen", argus.time(c.last_seen_at)], ["episodes, last 24 h", String(c.episodes_24h)]]) {
    facts.append(argus.el("dt", {}, k), argus.el("dd", {}, v));
  }
  document.getElementById("episodes").href = "/?camera=" + encodeURIComponent(c.id);
})();
