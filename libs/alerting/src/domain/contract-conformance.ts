import type * as Contract from '@campus/api-contract';
import type * as Protocols from '@campus/device-protocols';

/**
 * Compile-time checks, no code: the closed sets libs/api-contract declares for the wire (it may
 * import nothing) are exactly those of the sites file in @campus/device-protocols. A device kind or
 * place use added on one side without the other (and so without a label in the vocabulary) breaks
 * the compile here.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export type ContractConformance = Contract.Conforms<
  [
    Same<Contract.Severity, Protocols.Severity>,
    Same<Contract.OrgLevel, Protocols.OrgLevel>,
    Same<Contract.RiskGrade, Protocols.RiskGrade>,
    Same<Contract.Role, Protocols.Role>,
    Same<Contract.DeviceKind, Protocols.DeviceKind>,
    Same<Contract.LocationUse, Protocols.LocationUse>,
    Same<Contract.OrgPath, Protocols.OrgPath>,
    Same<Contract.DeviceCommandName, Protocols.DeviceCommandName>,
    Same<Contract.SirenMode, Protocols.SirenMode>,
  ],
  [true, true, true, true, true, true, true, true, true]
>;
