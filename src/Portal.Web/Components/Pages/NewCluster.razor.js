// The browser's IANA time zone, for showing the maintenance window in the person's local time.
export function timeZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
