/**
 * Every custom error of the vault, the factory and the token, explained in plain words in both
 * languages. A test checks that each error in the contracts' ABIs has its text here. Arguments
 * come decoded (bigints, addresses); a plan line is shown counting from 1, as on screen.
 */
import { bilingual } from "./lang";
import type { Formatter } from "./format";

export type ErrorArgs = readonly unknown[];
type Explain = (args: ErrorArgs, f: Formatter) => string;

const line = (x: unknown) => Number(x) + 1;
const units = (x: unknown) => BigInt(x as bigint);
const month = (x: unknown, f: Formatter) => f.month(Number(x));

interface ErrorTexts {
  custom: Record<string, Explain>;
  unknownCustom(name: string): string;
  rejected: string;
  noGas: string;
  network: string;
  reverted: string;
  other: string;
}

const nl: ErrorTexts = {
  custom: {
    HouseholdVaultAdvanceCapExceeded: ([, available], f) =>
      `Dit voorschot is te hoog. Dit huishouden mag nog ${f.euro(units(available))} voorschot krijgen.`,
    HouseholdVaultAdvanceExceedsNeed: ([, need], f) =>
      `Dit voorschot is hoger dan nodig. De vaste lasten hebben nu ${f.euro(units(need))} nodig.`,
    HouseholdVaultAmountTooLarge: ([, max], f) =>
      `Dit bedrag is te groot. Het hoogste bedrag is ${f.euro(units(max))}.`,
    HouseholdVaultBucketAmountTooLarge: ([i, , max], f) =>
      `Het bedrag in regel ${line(i)} is te hoog. Het hoogste bedrag per maand is ${f.euro(units(max))}.`,
    HouseholdVaultBucketHasArrears: ([i, arrears], f) =>
      `Regel ${line(i)} heeft nog een achterstand van ${f.euro(units(arrears))}. Die regel kan pas weg of naar een andere schuldeiser als de achterstand betaald is.`,
    HouseholdVaultBucketPaymentDue: ([i, m], f) =>
      `De betaling van regel ${line(i)} voor ${month(m, f)} moet nog gedaan worden. Probeer het later opnieuw.`,
    HouseholdVaultCoachIsResident: () => "De bewoner en de coach moeten verschillende personen zijn.",
    HouseholdVaultCreditorNotApproved: ([i, creditor], f) =>
      `De schuldeiser in regel ${line(i)} (${f.short(String(creditor))}) staat niet in het register van de gemeente. Kies een schuldeiser uit het register.`,
    HouseholdVaultExitAlreadyRequested: ([at], f) =>
      `U heeft al opgezegd. De kluis kan sluiten vanaf ${f.date(units(at))}.`,
    HouseholdVaultExitNotRequested: () => "Er is geen opzegging om in te trekken.",
    HouseholdVaultExitNoticeRunning: ([at], f) =>
      `De opzegtermijn loopt nog. De kluis kan sluiten vanaf ${f.date(units(at))}.`,
    HouseholdVaultInsufficientGas: () => "De transactie kreeg te weinig gas mee. Probeer het opnieuw met meer gas.",
    HouseholdVaultInsufficientSavings: ([, available], f) =>
      `Zoveel spaargeld is er niet. U kunt hoogstens ${f.euro(units(available))} opnemen.`,
    HouseholdVaultInvalidDueDay: ([i]) => `De betaaldag in regel ${line(i)} moet tussen 1 en 31 liggen.`,
    HouseholdVaultIsClosed: () => "Deze kluis is gesloten.",
    HouseholdVaultIsPaused: () => "Deze kluis staat op pauze. Er gaat nu geen geld uit.",
    HouseholdVaultMissingRole: () => "Dit adres heeft niet de rol van de gemeente die hiervoor nodig is.",
    HouseholdVaultNoPendingPlan: () => "Er is geen voorstel meer om te beantwoorden. Misschien is het al beantwoord.",
    HouseholdVaultNoSuchBucket: ([i]) => `Regel ${line(i)} bestaat niet in het plan.`,
    HouseholdVaultNotACoach: ([who], f) => `${f.short(String(who))} is geen budgetcoach van de gemeente.`,
    HouseholdVaultNotCaughtUp: ([at], f) =>
      `Er staat nog een betaling van ${f.date(units(at))} open. Die moet eerst gedaan worden. Probeer het zo opnieuw.`,
    HouseholdVaultNotClosed: () => "De kluis is nog niet gesloten.",
    HouseholdVaultNotCoach: () => "Alleen de coach van dit huishouden mag dit doen.",
    HouseholdVaultNotFactory: () => "Alleen het register van de gemeente mag een kluis starten.",
    HouseholdVaultNotPaused: () => "De kluis staat niet op pauze.",
    HouseholdVaultNotResident: () => "Alleen de bewoner van dit huishouden mag dit doen.",
    HouseholdVaultNothingToAllocate: () => "Er is geen nieuw geld om te verdelen.",
    HouseholdVaultNothingToClaim: () => "Er staat niets voor u klaar om op te halen.",
    HouseholdVaultPlanMismatch: () => "Het voorstel is intussen veranderd. Lees het nieuwe voorstel en beslis opnieuw.",
    HouseholdVaultTooManyBuckets: ([, max]) => `Een plan mag hoogstens ${Number(max)} vaste lasten hebben.`,
    HouseholdVaultTransferAmountMismatch: () =>
      "De munt gaf een ander bedrag door dan gevraagd. Deze munt werkt niet met de kluis.",
    HouseholdVaultUnknownPayer: ([who], f) =>
      `${f.short(String(who))} is geen betaler in het register van de gemeente.`,
    HouseholdVaultZeroAddress: () => "Vul een adres in. Het lege adres (0x000…) kan niet.",
    HouseholdVaultZeroAmount: () => "Vul een bedrag hoger dan nul in.",
    HouseholdVaultZeroBucketAmount: ([i]) => `Het bedrag in regel ${line(i)} moet hoger zijn dan nul.`,
    InvalidInitialization: () => "Deze kluis is al gestart.",
    ReentrancyGuardReentrantCall: () => "De kluis weigerde een aanroep die binnen een andere aanroep kwam.",
    SafeCastOverflowedUintDowncast: () => "Een getal is te groot voor de kluis.",
    SafeERC20FailedOperation: () => "De munt weigerde de overboeking.",
    AccessControlBadConfirmation: () => "Een rol kan alleen door het adres zelf worden opgegeven.",
    AccessControlUnauthorizedAccount: () => "Dit adres heeft niet de rol die hiervoor nodig is.",
    CloneArgumentsTooLong: () => "De kluis kon niet gemaakt worden (te veel gegevens).",
    Create2EmptyBytecode: () => "De kluis kon niet gemaakt worden.",
    FailedDeployment: () => "De kluis kon niet gemaakt worden.",
    HouseholdVaultFactoryBatchOutOfGas: () => "Er was te weinig gas voor de eerste kluis. Stuur meer gas mee.",
    HouseholdVaultFactoryBatchTooLarge: ([, max]) => `Te veel kluizen tegelijk. Het maximum is ${Number(max)}.`,
    HouseholdVaultFactoryCreditorNotApproved: ([who], f) =>
      `${f.short(String(who))} staat niet in het register van schuldeisers.`,
    HouseholdVaultFactoryHouseholdExists: () => "Er is al een kluis voor dit huishoudnummer. Maak een nieuw nummer.",
    HouseholdVaultFactoryInvalidSource: () =>
      "Kies of de betaler SVB, Toeslagen, Werk en Inkomen of een andere betaler is.",
    HouseholdVaultFactoryPayerNotRegistered: ([who], f) =>
      `${f.short(String(who))} staat niet in het register van betalers.`,
    HouseholdVaultFactoryUnknownVault: ([v], f) => `${f.short(String(v))} is geen kluis van deze gemeente.`,
    HouseholdVaultFactoryZeroAddress: () => "Vul een adres in. Het lege adres (0x000…) kan niet.",
    HouseholdVaultFactoryZeroHouseholdId: () => "Het huishoudnummer mag niet leeg zijn.",
    InsufficientBalance: ([balance], f) => `Er is te weinig geld: ${f.euro(units(balance))}.`,
    ECDSAInvalidSignature: () => "De handtekening klopt niet.",
    ECDSAInvalidSignatureLength: () => "De handtekening klopt niet.",
    ECDSAInvalidSignatureS: () => "De handtekening klopt niet.",
    ERC20InsufficientAllowance: ([, allowance, needed], f) =>
      `De kluis mag ${f.euro(units(allowance))} van dit adres afschrijven, maar ${f.euro(units(needed))} is nodig. Geef eerst toestemming voor dat bedrag.`,
    ERC20InsufficientBalance: ([, balance, needed], f) =>
      `Er staat ${f.euro(units(balance))} op dit adres, maar ${f.euro(units(needed))} is nodig.`,
    ERC20InvalidApprover: () => "Dit adres kan geen toestemming geven.",
    ERC20InvalidReceiver: () => "Naar dit adres kan geen geld.",
    ERC20InvalidSender: () => "Van dit adres kan geen geld komen.",
    ERC20InvalidSpender: () => "Dit adres kan geen toestemming krijgen.",
    ERC2612ExpiredSignature: () => "De toestemming is verlopen. Geef opnieuw toestemming.",
    ERC2612InvalidSigner: () => "De toestemming is niet door de juiste persoon ondertekend.",
    EnforcedPause: () => "De euro-munt staat op pauze. Er kan nu geen geld bewegen.",
    EuroTokenBlocked: ([who], f) => `Het adres ${f.short(String(who))} is geblokkeerd voor de euro-munt.`,
    EuroTokenInvalidDecimals: () => "De munt heeft een ongeldig aantal decimalen.",
    EuroTokenZeroAddress: () => "Vul een adres in. Het lege adres (0x000…) kan niet.",
    ExpectedPause: () => "De euro-munt staat niet op pauze.",
    InvalidAccountNonce: () => "De volgorde van de transacties klopt niet. Probeer het opnieuw.",
    InvalidShortString: () => "Een tekst in de munt is ongeldig.",
    StringTooLong: () => "Een tekst in de munt is te lang.",
  },
  unknownCustom: (name) => `De transactie is geweigerd (${name}).`,
  rejected: "U heeft de transactie niet ondertekend. Er is niets veranderd.",
  noGas: "Dit adres heeft te weinig geld voor de transactiekosten (gas).",
  network: "De blockchain is nu niet bereikbaar. Probeer het later opnieuw.",
  reverted: "De blockchain heeft de transactie geweigerd. Er is niets veranderd.",
  other: "Er ging iets mis. Er is niets veranderd. Probeer het opnieuw.",
};

const en: ErrorTexts = {
  custom: {
    HouseholdVaultAdvanceCapExceeded: ([, available], f) =>
      `This advance is too high. This household can receive at most ${f.euro(units(available))} more in advances.`,
    HouseholdVaultAdvanceExceedsNeed: ([, need], f) =>
      `This advance is more than needed. The fixed costs need ${f.euro(units(need))} now.`,
    HouseholdVaultAmountTooLarge: ([, max], f) =>
      `This amount is too large. The highest amount is ${f.euro(units(max))}.`,
    HouseholdVaultBucketAmountTooLarge: ([i, , max], f) =>
      `The amount on line ${line(i)} is too high. The highest amount per month is ${f.euro(units(max))}.`,
    HouseholdVaultBucketHasArrears: ([i, arrears], f) =>
      `Line ${line(i)} still has ${f.euro(units(arrears))} in arrears. It can be removed or given another creditor only once that is paid.`,
    HouseholdVaultBucketPaymentDue: ([i, m], f) =>
      `The payment of line ${line(i)} for ${month(m, f)} has not been made yet. Please try again later.`,
    HouseholdVaultCoachIsResident: () => "The resident and the coach must be different people.",
    HouseholdVaultCreditorNotApproved: ([i, creditor], f) =>
      `The creditor on line ${line(i)} (${f.short(String(creditor))}) is not in the municipality's register. Choose a creditor from the register.`,
    HouseholdVaultExitAlreadyRequested: ([at], f) =>
      `You have already given notice. The vault can close from ${f.date(units(at))}.`,
    HouseholdVaultExitNotRequested: () => "There is no notice to withdraw.",
    HouseholdVaultExitNoticeRunning: ([at], f) =>
      `The notice period is still running. The vault can close from ${f.date(units(at))}.`,
    HouseholdVaultInsufficientGas: () => "The transaction was sent with too little gas. Try again with more gas.",
    HouseholdVaultInsufficientSavings: ([, available], f) =>
      `There are not that many savings. You can take out at most ${f.euro(units(available))}.`,
    HouseholdVaultInvalidDueDay: ([i]) => `The due day on line ${line(i)} must be between 1 and 31.`,
    HouseholdVaultIsClosed: () => "This vault is closed.",
    HouseholdVaultIsPaused: () => "This vault is paused. No money leaves it now.",
    HouseholdVaultMissingRole: () => "This address does not have the municipal role this needs.",
    HouseholdVaultNoPendingPlan: () => "There is no proposal left to answer. Perhaps it was answered already.",
    HouseholdVaultNoSuchBucket: ([i]) => `Line ${line(i)} does not exist in the plan.`,
    HouseholdVaultNotACoach: ([who], f) => `${f.short(String(who))} is not one of the municipality's budget coaches.`,
    HouseholdVaultNotCaughtUp: ([at], f) =>
      `A payment of ${f.date(units(at))} has not been made yet. It must be made first. Please try again shortly.`,
    HouseholdVaultNotClosed: () => "The vault is not closed yet.",
    HouseholdVaultNotCoach: () => "Only this household's coach may do this.",
    HouseholdVaultNotFactory: () => "Only the municipality's register may start a vault.",
    HouseholdVaultNotPaused: () => "The vault is not paused.",
    HouseholdVaultNotResident: () => "Only this household's resident may do this.",
    HouseholdVaultNothingToAllocate: () => "There is no new money to split.",
    HouseholdVaultNothingToClaim: () => "There is nothing waiting for you to collect.",
    HouseholdVaultPlanMismatch: () =>
      "The proposal has changed in the meantime. Read the new proposal and decide again.",
    HouseholdVaultTooManyBuckets: ([, max]) => `A plan can have at most ${Number(max)} fixed costs.`,
    HouseholdVaultTransferAmountMismatch: () =>
      "The token moved a different amount than asked. This token does not work with the vault.",
    HouseholdVaultUnknownPayer: ([who], f) => `${f.short(String(who))} is not a payer in the municipality's register.`,
    HouseholdVaultZeroAddress: () => "Fill in an address. The empty address (0x000…) is not allowed.",
    HouseholdVaultZeroAmount: () => "Fill in an amount above zero.",
    HouseholdVaultZeroBucketAmount: ([i]) => `The amount on line ${line(i)} must be above zero.`,
    InvalidInitialization: () => "This vault has been started already.",
    ReentrancyGuardReentrantCall: () => "The vault refused a call made from inside another call.",
    SafeCastOverflowedUintDowncast: () => "A number is too large for the vault.",
    SafeERC20FailedOperation: () => "The token refused the transfer.",
    AccessControlBadConfirmation: () => "A role can only be given up by the address itself.",
    AccessControlUnauthorizedAccount: () => "This address does not have the role this needs.",
    CloneArgumentsTooLong: () => "The vault could not be made (too much data).",
    Create2EmptyBytecode: () => "The vault could not be made.",
    FailedDeployment: () => "The vault could not be made.",
    HouseholdVaultFactoryBatchOutOfGas: () => "There was too little gas for the first vault. Send more gas.",
    HouseholdVaultFactoryBatchTooLarge: ([, max]) => `Too many vaults at once. The maximum is ${Number(max)}.`,
    HouseholdVaultFactoryCreditorNotApproved: ([who], f) => `${f.short(String(who))} is not in the creditor register.`,
    HouseholdVaultFactoryHouseholdExists: () => "There is a vault for this household id already. Make a new id.",
    HouseholdVaultFactoryInvalidSource: () =>
      "Choose whether the payer is SVB, Toeslagen, Work and Income or another payer.",
    HouseholdVaultFactoryPayerNotRegistered: ([who], f) => `${f.short(String(who))} is not in the payer register.`,
    HouseholdVaultFactoryUnknownVault: ([v], f) => `${f.short(String(v))} is not a vault of this municipality.`,
    HouseholdVaultFactoryZeroAddress: () => "Fill in an address. The empty address (0x000…) is not allowed.",
    HouseholdVaultFactoryZeroHouseholdId: () => "The household id must not be empty.",
    InsufficientBalance: ([balance], f) => `There is too little money: ${f.euro(units(balance))}.`,
    ECDSAInvalidSignature: () => "The signature is not valid.",
    ECDSAInvalidSignatureLength: () => "The signature is not valid.",
    ECDSAInvalidSignatureS: () => "The signature is not valid.",
    ERC20InsufficientAllowance: ([, allowance, needed], f) =>
      `The vault may take ${f.euro(units(allowance))} from this address, but ${f.euro(units(needed))} is needed. Approve that amount first.`,
    ERC20InsufficientBalance: ([, balance, needed], f) =>
      `This address holds ${f.euro(units(balance))}, but ${f.euro(units(needed))} is needed.`,
    ERC20InvalidApprover: () => "This address cannot give an approval.",
    ERC20InvalidReceiver: () => "Money cannot go to this address.",
    ERC20InvalidSender: () => "Money cannot come from this address.",
    ERC20InvalidSpender: () => "This address cannot be approved.",
    ERC2612ExpiredSignature: () => "The approval has expired. Approve again.",
    ERC2612InvalidSigner: () => "The approval was not signed by the right person.",
    EnforcedPause: () => "The euro token is paused. No money can move now.",
    EuroTokenBlocked: ([who], f) => `The address ${f.short(String(who))} is blocked by the euro token.`,
    EuroTokenInvalidDecimals: () => "The token has an invalid number of decimals.",
    EuroTokenZeroAddress: () => "Fill in an address. The empty address (0x000…) is not allowed.",
    ExpectedPause: () => "The euro token is not paused.",
    InvalidAccountNonce: () => "The order of the transactions is wrong. Please try again.",
    InvalidShortString: () => "A text in the token is not valid.",
    StringTooLong: () => "A text in the token is too long.",
  },
  unknownCustom: (name) => `The transaction was refused (${name}).`,
  rejected: "You did not sign the transaction. Nothing has changed.",
  noGas: "This address has too little money for the transaction fee (gas).",
  network: "The blockchain cannot be reached now. Please try again later.",
  reverted: "The blockchain refused the transaction. Nothing has changed.",
  other: "Something went wrong. Nothing has changed. Please try again.",
};

export const ERROR_TEXTS = bilingual(nl, en);
