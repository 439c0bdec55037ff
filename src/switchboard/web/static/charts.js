// Draws each dashboard chart from its data-figure JSON (the CSP allows no inline script).
// A click on a bar or point with a drill-down address in its customdata opens that list;
// keyboard users have the same links in the table beside every chart.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  if (typeof Plotly === "undefined") return;
  for (const element of document.querySelectorAll("[data-figure]")) {
    const figure = JSON.parse(element.dataset.figure);
    // No mode bar: its styles would be injected inline, which the CSP refuses.
    const config = { displaylogo: false, displayModeBar: false, responsive: true };
    Plotly.newPlot(element, figure.data, figure.layout, config).then(() => {
      element.on("plotly_click", (event) => {
        const address = event.points[0] && event.points[0].customdata;
        if (typeof address === "string" && address.startsWith("/")) {
          window.location.assign(address);
        }
      });
    });
  }
});
