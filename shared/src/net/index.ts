/** The SSRF guard shared by the crawler (worker) and webhook deliveries (edge function): address classes, allowlists, the check. */
export { canonicalIp, forbiddenReason } from './address-classifier.ts';
export { type AllowEntry, effectivePort, isAllowedHost, parseAllowHosts } from './allow-hosts.ts';
export {
  createSsrfGuard,
  type GuardDecision,
  type ResolvedAddress,
  type Resolver,
  type SsrfGuard,
  type SsrfGuardOptions,
  systemResolver,
} from './ssrf-guard.ts';
