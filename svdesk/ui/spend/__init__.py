"""Parts of the Spend & suppliers page (svdesk.ui.pages.spend), split by screen."""
