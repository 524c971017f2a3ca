export { desiredMonitors, type DesiredMonitor, type Env } from './desired';
export { exportMonitors } from './export';
export { describeChange, planChanges, type Change, type Plan, type ServerChannel, type ServerMonitor } from './plan';
export { configFilesAt, describeProblem, lineOf, readConfigSources, type ConfigProblem, type ConfigSource } from './source';
