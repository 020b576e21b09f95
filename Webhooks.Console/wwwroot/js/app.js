// Copy-to-clipboard for secrets and snippets; returns false when the browser refuses.
window.webhooksConsole = {
    copy: async function (text) {
        try { await navigator.clipboard.writeText(text); return true; } catch { return false; }
    }
};
