// Configuration: criteria/*.yaml (what is scored) and reporting.yaml + environment + flags (how the job
// runs), validated in full before any query; redaction for everything that gets printed, and URL
// credentials turned into a header.
export type { ReportingConfig } from './types.js';
export { checkDiscoverBy, loadCriteria } from './criteria.js';
export { loadFeedbackReports } from './feedback.js';
export {
  CONFIG_REFERENCE,
  DEFAULT_CONFIG,
  reportingYamlOf,
  type OptionKind,
  type OptionSpec,
} from './reference.js';
export { configFromEnv, parseAsOf, resolveConfig, scoringOptionsOf, type ConfigLayer } from './reporting.js';
export { redactConfig, redactText, redactUri, redactWebhookUri, splitCredentials } from './redact.js';
export { closest } from './yaml-file.js';
