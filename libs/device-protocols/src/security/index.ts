export { addressKey } from './address-key';
export {
  CredentialLimiter,
  DEFAULT_CREDENTIAL_LIMITS,
  type CredentialLimits,
  type FailureLimit,
  type LimiterVerdict,
  type Lockout,
  type LockoutScope,
} from './credential-limiter';
export { KeyBusyError, KeyedConcurrency } from './keyed-concurrency';
