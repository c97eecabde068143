// haven's only script: starts govuk-frontend's components (error summary focus, header menu,
// radios, character counts…). Loaded as a module, so it runs only in browsers that support
// ES modules, which is what govuk-frontend 5 requires. Pages work without it.
import { initAll } from "/assets/vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported", "js-enabled");
initAll();
