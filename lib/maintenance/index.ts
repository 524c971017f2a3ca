/** Maintenance windows: the schema, when a window is on, its storage, and the copy workers keep. */
export { APPLIES_TO, MAX_WINDOWS, maintenanceInputSchema, type MaintenanceInput, type MaintenanceWindow } from './schema';
export { activeUntil, appliesTo, maintenanceEnd, nextStart, viewOf, type WindowState, type WindowView } from './occurrences';
export { createWindow, endWindowNow, getWindow, listWindows, readWindows, removeWindow, startMonitorMaintenance, updateWindow, MAX_QUICK_MINUTES } from './store';
export { MaintenanceView, MAINTENANCE_REFRESH_MS } from './worker-view';
