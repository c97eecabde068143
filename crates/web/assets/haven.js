// haven's only script: starts govuk-frontend's components (error summary focus, header menu,
// radios, character counts…). Loaded as a module, so it runs only in browsers that support
// ES modules, which is what govuk-frontend 5 requires. Pages work without it.
import { initAll } from "/assets/vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported", "js-enabled");
initAll();

// Each table cell learns its column's header, which the phone layout (haven.css) shows beside
// the value when the rows stack. Cells the server labelled already keep their label.
for (const table of document.querySelectorAll("table.govuk-table")) {
  const headers = [...table.querySelectorAll("thead tr:last-child th")].map((th) => th.textContent.trim());
  for (const row of table.querySelectorAll("tbody tr")) {
    let column = 0;
    for (const cell of row.children) {
      if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", headers[column] ?? "");
      column += Number(cell.getAttribute("colspan") ?? 1);
    }
  }
}
