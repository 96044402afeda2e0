// Copies a connection string to the clipboard; false when the browser refuses (no permission, insecure context).
export async function copy(text) {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch {
        return false;
    }
}
