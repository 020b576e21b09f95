// Copy-to-clipboard for secrets and snippets; returns false when the browser refuses.
window.webhooksConsole = {
    copy: async function (text) {
        try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
    },
    // The theme choice, remembered per browser.
    darkMode: {
        get: function () { return localStorage.getItem("webhooks-theme") === "dark"; },
        set: function (dark) {
            localStorage.setItem("webhooks-theme", dark ? "dark" : "light");
            window.webhooksConsole.darkMode.mark(dark);
        },
        // The sign-in and setup pages have no theme provider; app.css styles them from this attribute.
        mark: function (dark) { document.documentElement.dataset.theme = dark ? "dark" : "light"; }
    }
};
try { window.webhooksConsole.darkMode.mark(window.webhooksConsole.darkMode.get()); } catch { /* storage refused: light */ }
