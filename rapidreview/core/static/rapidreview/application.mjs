// Progressive enhancement only: every page works without this file.
import { initAll } from "../js/govuk-frontend.min.js";
import { initAll as initMojFrontend } from "../js/moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
// MoJ Frontend's components, such as the sortable table on the dashboard.
initMojFrontend();
