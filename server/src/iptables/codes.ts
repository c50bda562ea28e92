/**
 * The load-time validity codes this layer reports (checks/IPT101.ts … IPT121.ts hold their docs).
 * Everything here is something real iptables refuses, so every one is an error.
 */
export const IPT = {
  unknownOption: 'IPT101',
  optionNeedsModule: 'IPT102',
  inInterfaceInOutputChain: 'IPT103',
  outInterfaceInInputChain: 'IPT104',
  badAddress: 'IPT105',
  badPort: 'IPT106',
  unknownTarget: 'IPT107',
  wrongTableOrChain: 'IPT108',
  missingArgument: 'IPT109',
  unknownMatch: 'IPT110',
  unknownProtocol: 'IPT111',
  badState: 'IPT112',
  badRejectWith: 'IPT113',
  duplicateOption: 'IPT114',
  badChainOrRuleNumber: 'IPT115',
  optionNotAllowed: 'IPT116',
  unknownTable: 'IPT117',
  badValue: 'IPT118',
  restoreSyntax: 'IPT119',
  badNegation: 'IPT120',
  badPolicy: 'IPT121',
  noCommand: 'IPT122',
} as const;

export type IptCode = (typeof IPT)[keyof typeof IPT];
