// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title IHouseholdVault
/// @notice One vault per household. Income arrives tagged by payer and waits in the vault until the
/// next keeper call (settle, release or allocate), which splits it into fixed-cost buckets, living
/// money, an advance repayment, a buffer and the resident's savings,
/// and leaves only as fixed costs paid on their due dates, fixed weekly living money for the
/// resident, savings the resident withdraws, advance repayments to the municipality, or claims
/// by creditors whose payment bounced.
/// @dev No personal data is stored, accepted or emitted: the household is an opaque random id,
/// categories and sources are enums, and events carry amounts, codes and bucket indexes only.
interface IHouseholdVault {
    // ---------------------------------------------------------------------------------------
    // Types
    // ---------------------------------------------------------------------------------------

    /// @notice What a fixed-cost bucket pays for.
    enum Category {
        Rent,
        Energy,
        Insurance,
        Water,
        Telecom,
        Taxes,
        DebtRepayment,
        Other
    }

    /// @notice Where income came from. Payers are registered with SVB, Toeslagen, WorkAndIncome or
    /// OtherPayer (IncomeReceived); the other values are set by the vault itself (Allocated).
    enum Source {
        Untagged, // not a registered payer (the factory's answer for an unknown address)
        SVB, // Sociale Verzekeringsbank: child benefit, state pension
        Toeslagen, // Belastingdienst Toeslagen: health-care and rent allowances, child budget
        WorkAndIncome, // the municipality's W&I: social assistance, special assistance
        OtherPayer,
        MunicipalAdvance, // an advance by the municipality, see advance()
        PlanChange, // money freed by a plan change and allocated again
        Income // income waiting since the last keeper call: tagged deposits and plain transfers together
    }

    /// @notice One fixed cost in a plan.
    /// @param category what it pays for
    /// @param dueDay day of the month it is due, 1 to 31; in a shorter month the last day counts
    /// @param amountPerMonth what the creditor receives each month, in token units
    /// @param creditor an address approved in the factory's creditor register
    struct BucketPlan {
        Category category;
        uint8 dueDay;
        uint96 amountPerMonth;
        address creditor;
    }

    /// @notice A household's plan: fixed costs in priority order, weekly living money, buffer target.
    struct Plan {
        BucketPlan[] buckets;
        uint128 weeklyLivingMoney;
        uint128 bufferTarget;
    }

    /// @notice A bucket as the views show it.
    /// @param balance what the bucket holds toward arrears and its next payment
    /// @param arrears what is owed to the creditor for months that fell due unpaid
    /// @param paidThroughMonth the last month index (year * 12 + month - 1) whose due date was processed
    /// @param nextDueAt 00:00 UTC of the next due date
    struct BucketView {
        Category category;
        uint8 dueDay;
        uint96 amountPerMonth;
        address creditor;
        uint96 balance;
        uint96 arrears;
        uint32 paidThroughMonth;
        uint256 nextDueAt;
    }

    /// @notice The vault's balances besides the buckets.
    /// @param livingMoney reserved for the resident's weekly living money
    /// @param buffer held to top up a payment that falls due short
    /// @param savings the resident's own money held in the vault: covers a short week before the
    /// buffer does, and the resident may withdraw any part of it at will
    /// @param repaymentHeld advance repayments waiting for the next settle() to reach the treasury
    /// @param advanceOutstanding what the household still owes the municipality
    /// @param claimable total that creditors (or the resident) can claim after a bounced payment
    /// @param unallocated income waiting for the next keeper call (deposits and plain transfers);
    /// previewAllocation() shows how it would be split now
    struct Accounts {
        uint256 livingMoney;
        uint256 buffer;
        uint256 savings;
        uint256 repaymentHeld;
        uint256 advanceOutstanding;
        uint256 claimable;
        uint256 unallocated;
    }

    /// @notice How an amount is split by the waterfall; the parts add up to `amount` exactly.
    struct Allocation {
        uint256 amount;
        uint256[] toBuckets;
        uint256 toLivingMoney;
        uint256 toAdvanceRepayment;
        uint256 toBuffer;
        uint256 toSavings;
    }

    // ---------------------------------------------------------------------------------------
    // Errors
    // ---------------------------------------------------------------------------------------

    /// @notice An amount of zero was given where money must move.
    error HouseholdVaultZeroAmount();
    /// @notice An amount is larger than the vault can account (uint96).
    error HouseholdVaultAmountTooLarge(uint256 amount, uint256 max);
    /// @notice A zero address was given for the resident or coach.
    error HouseholdVaultZeroAddress();
    /// @notice The caller is not a registered payer.
    error HouseholdVaultUnknownPayer(address payer);
    /// @notice A plan names a creditor the factory has not approved.
    error HouseholdVaultCreditorNotApproved(uint256 bucketIndex, address creditor);
    /// @notice A plan has more buckets than the cap.
    error HouseholdVaultTooManyBuckets(uint256 count, uint256 max);
    /// @notice A plan has a due day outside 1..31.
    error HouseholdVaultInvalidDueDay(uint256 bucketIndex, uint8 dueDay);
    /// @notice A plan has a bucket with a zero monthly amount.
    error HouseholdVaultZeroBucketAmount(uint256 bucketIndex);
    /// @notice A plan's monthly amount is above the ceiling that keeps arrears from overflowing.
    error HouseholdVaultBucketAmountTooLarge(uint256 bucketIndex, uint256 amount, uint256 max);
    /// @notice A plan would drop a bucket whose payment for month `monthIndex` fell due and was not
    /// processed yet (the vault is paused, or more months are due than one settle() catches up).
    error HouseholdVaultBucketPaymentDue(uint256 bucketIndex, uint256 monthIndex);
    /// @notice A payment is due that settle() has not processed yet; call settle() first.
    error HouseholdVaultNotCaughtUp(uint256 dueAt);
    /// @notice The resident asked for more savings than the vault holds for them.
    error HouseholdVaultInsufficientSavings(uint256 requested, uint256 available);
    /// @notice Too little gas is left to give a payout its full gas allowance; send more gas.
    error HouseholdVaultInsufficientGas(uint256 left, uint256 needed);
    /// @notice There is no bucket at `index`; the plan has `count` buckets.
    error HouseholdVaultNoSuchBucket(uint256 index, uint256 count);
    /// @notice A plan would drop or redirect a bucket that still has arrears.
    error HouseholdVaultBucketHasArrears(uint256 bucketIndex, uint256 arrears);
    /// @notice The coach address does not hold the factory's coach role.
    error HouseholdVaultNotACoach(address account);
    /// @notice The resident and the coach must be different accounts, or consent means nothing.
    error HouseholdVaultCoachIsResident(address account);
    /// @notice Only this vault's resident may do this.
    error HouseholdVaultNotResident(address account);
    /// @notice Only this vault's coach may do this.
    error HouseholdVaultNotCoach(address account);
    /// @notice The caller lacks a municipal role in the factory.
    error HouseholdVaultMissingRole(address account, bytes32 role);
    /// @notice Only the factory may initialise a vault.
    error HouseholdVaultNotFactory(address account);
    /// @notice The vault (or the implementation, which is never initialised) is initialised already.
    /// Same name and selector as OpenZeppelin Initializable's error, which the vault used before.
    error InvalidInitialization();
    /// @notice The vault is closed.
    error HouseholdVaultIsClosed();
    /// @notice The vault is paused: no money leaves it.
    error HouseholdVaultIsPaused();
    /// @notice The vault is not paused.
    error HouseholdVaultNotPaused();
    /// @notice The vault is not closed yet.
    error HouseholdVaultNotClosed();
    /// @notice The token moved a different amount than asked (fee-on-transfer tokens are refused).
    error HouseholdVaultTransferAmountMismatch(uint256 expected, uint256 received);
    /// @notice There are no unallocated tokens.
    error HouseholdVaultNothingToAllocate();
    /// @notice The caller has nothing to claim.
    error HouseholdVaultNothingToClaim(address account);
    /// @notice An advance would push the outstanding advance over the per-household cap.
    error HouseholdVaultAdvanceCapExceeded(uint256 requested, uint256 available);
    /// @notice An advance is larger than what the fixed-cost buckets still need.
    error HouseholdVaultAdvanceExceedsNeed(uint256 requested, uint256 need);
    /// @notice There is no plan proposal to accept or reject.
    error HouseholdVaultNoPendingPlan();
    /// @notice The plan given is not the plan that was proposed.
    error HouseholdVaultPlanMismatch(bytes32 proposed, bytes32 given);
    /// @notice The resident has already asked to leave.
    error HouseholdVaultExitAlreadyRequested(uint256 exitAvailableAt);
    /// @notice The resident has not asked to leave.
    error HouseholdVaultExitNotRequested();
    /// @notice The notice period is still running.
    error HouseholdVaultExitNoticeRunning(uint256 exitAvailableAt);

    // ---------------------------------------------------------------------------------------
    // Events: together they are the household book
    // ---------------------------------------------------------------------------------------

    /// @notice A registered payer deposited `amount`; it waits for the next keeper call to be split.
    event IncomeReceived(Source indexed source, uint256 amount);
    /// @notice `amount` from `source` was split; the parts add up to `amount` exactly.
    event Allocated(
        Source indexed source,
        uint256 amount,
        uint256[] toBuckets,
        uint256 toLivingMoney,
        uint256 toAdvanceRepayment,
        uint256 toBuffer,
        uint256 toSavings
    );
    /// @notice A bucket's payment for month `monthIndex` was made on or after its due date.
    event CreditorPaid(uint256 indexed bucketIndex, Category indexed category, uint256 monthIndex, uint256 amount);
    /// @notice A bucket's arrears were paid in full.
    event ArrearsPaid(uint256 indexed bucketIndex, Category indexed category, uint256 amount);
    /// @notice A bucket could not pay month `monthIndex` on its due date; `amountPerMonth` became arrears.
    event PaymentMissed(uint256 indexed bucketIndex, Category indexed category, uint256 monthIndex, uint256 missing);
    /// @notice The buffer topped up a fixed cost or living money that fell due short.
    event BufferUsed(uint256 amount);
    /// @notice A transfer failed; `amount` is now claimable by its recipient with claim().
    event PaymentDeferred(address indexed payee, uint256 amount);
    /// @notice A claimable balance was paid out.
    event Claimed(address indexed payee, uint256 amount);
    /// @notice Living money for `weekCount` weeks, `amount` in all, was released to the resident.
    event LivingMoneyReleased(uint256 weekCount, uint256 amount);
    /// @notice `weekCount` more weeks of living money fell due and could not be covered; they stay
    /// due. Each week is reported once, however often release() is called while it stays short.
    event LivingMoneyShort(uint256 weekCount);
    /// @notice The resident's savings covered `amount` of living money that fell due short.
    event SavingsUsed(uint256 amount);
    /// @notice The resident withdrew `amount` of their savings.
    event SavingsWithdrawn(uint256 amount);
    /// @notice The municipality advanced `amount`; the household now owes `outstanding`.
    event AdvanceReceived(uint256 amount, uint256 outstanding);
    /// @notice Advance repayments held in the vault were sent to the treasury.
    event AdvanceRepaid(uint256 amount, uint256 outstanding);
    /// @notice The coach proposed `plan`; it takes effect only when the resident accepts it.
    event PlanProposed(uint256 indexed nonce, bytes32 planHash, Plan plan);
    /// @notice The resident accepted the proposal and it is now the plan.
    event PlanAccepted(uint256 indexed nonce, bytes32 planHash);
    /// @notice The resident rejected the proposal.
    event PlanRejected(uint256 indexed nonce, bytes32 planHash);
    /// @notice The municipality appointed another coach for this household.
    event CoachChanged(address indexed coach);
    /// @notice The resident gave notice; the vault can close from `exitAvailableAt`.
    event ExitRequested(uint256 exitAvailableAt);
    /// @notice The resident withdrew the notice.
    event ExitCancelled();
    /// @notice The vault closed; `advanceRepaid` went to the treasury and `toResident` to the resident.
    event VaultClosed(uint256 advanceRepaid, uint256 toResident);
    /// @notice Tokens that arrived after closing were passed on to the resident.
    event Swept(uint256 amount);
    event VaultPaused();
    event VaultUnpaused();

    // ---------------------------------------------------------------------------------------
    // Lifecycle
    // ---------------------------------------------------------------------------------------

    /// @notice Sets the resident, coach and first plan. Called by the factory in the transaction
    /// that creates the clone; callable once.
    function initialize(address resident, address coach, Plan calldata plan) external;

    // ---------------------------------------------------------------------------------------
    // Income
    // ---------------------------------------------------------------------------------------

    /// @notice A registered payer deposits `amount` (pulled with transferFrom). The deposit is
    /// tagged with the payer's registered source (IncomeReceived) and waits in the vault; the next
    /// keeper call (settle, release or allocate) splits it with the rest of the waiting income.
    function deposit(uint256 amount) external;

    /// @notice As deposit(), approving with an EIP-2612 permit in the same call.
    function depositWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Splits the income waiting in the vault (deposits and plain transfers) now, without
    /// paying anything. Keeper calls do this themselves; anyone may call.
    function allocate() external returns (uint256 amount);

    /// @notice The municipality advances `amount` to fixed-cost buckets that are short. The advance
    /// is recorded as debt and repaid from later income once fixed costs and living money are covered.
    function advance(uint256 amount) external;

    // ---------------------------------------------------------------------------------------
    // Outflows (permissionless keepers)
    // ---------------------------------------------------------------------------------------

    /// @notice Splits the income waiting in the vault, then pays every bucket whose due date has
    /// passed and has not been processed, pays arrears that are now covered, and forwards advance
    /// repayments. Anyone may call.
    /// @return paid the total sent (or made claimable) in this call
    function settle() external returns (uint256 paid);

    /// @notice Pays the resident the weekly amount for each full week since the last release.
    /// Waiting income is split first, and fixed costs that are due are settled first, so they keep
    /// their first claim on the buffer whichever keeper call comes first. Anyone may call.
    /// @return paid the living money sent (or made claimable) in this call
    function release() external returns (uint256 paid);

    /// @notice Pays the caller's claimable balance (a payment that bounced earlier).
    function claim() external returns (uint256 amount);

    /// @notice Pays `payee`'s claimable balance to `payee` (never elsewhere). Anyone may call, so
    /// money owed to an address that cannot send transactions does not stay in the vault.
    function payClaimable(address payee) external returns (uint256 amount);

    /// @notice The resident takes `amount` of their savings out of the vault.
    function withdrawSavings(uint256 amount) external;

    // ---------------------------------------------------------------------------------------
    // Plan changes with consent
    // ---------------------------------------------------------------------------------------

    /// @notice The coach proposes a new plan. It replaces any earlier proposal.
    function proposePlan(Plan calldata plan) external returns (uint256 nonce);

    /// @notice The resident accepts the proposal; `plan` must be exactly the plan proposed.
    function acceptPlan(Plan calldata plan) external;

    /// @notice The resident rejects the proposal.
    function rejectPlan() external;

    /// @notice The municipality appoints another coach (who holds the factory's coach role).
    function setCoach(address coach) external;

    // ---------------------------------------------------------------------------------------
    // Leaving
    // ---------------------------------------------------------------------------------------

    /// @notice The resident gives notice; after the factory's notice period the vault can close.
    function requestExit() external;

    /// @notice The resident withdraws the notice.
    function cancelExit() external;

    /// @notice After the notice period: settles what is due, repays any outstanding advance from
    /// what is left, sends the rest to the resident and closes the vault. Anyone may call.
    function close() external;

    /// @notice After closing: passes tokens that arrived since to the resident. Anyone may call.
    function sweep() external returns (uint256 amount);

    // ---------------------------------------------------------------------------------------
    // Pause (municipality)
    // ---------------------------------------------------------------------------------------

    function pause() external;

    function unpause() external;

    // ---------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------

    function householdId() external view returns (bytes32);

    function factory() external view returns (address);

    function token() external view returns (address);

    function resident() external view returns (address);

    function coach() external view returns (address);

    function plan() external view returns (Plan memory);

    function bucketCount() external view returns (uint256);

    function bucket(uint256 index) external view returns (BucketView memory);

    function buckets() external view returns (BucketView[] memory);

    function accounts() external view returns (Accounts memory);

    /// @notice How the income waiting in the vault (accounts().unallocated) would be split if a
    /// keeper called now: the same waterfall, at the current block time. A later call splits at its
    /// own time (more may be due by then) and also pays what is due.
    function previewAllocation() external view returns (Allocation memory);

    function claimable(address payee) external view returns (uint256);

    /// @notice Weeks of living money released since the vault started, and when the next week is due.
    function livingMoneySchedule() external view returns (uint256 weeksReleased, uint256 nextReleaseAt);

    /// @notice The earliest time a keeper call (settle or release) has work: 0 when income waits
    /// to be split, else the earlier of `nextDueAt` (a due date, payable arrears, a held repayment)
    /// and the next week of living money; a time at or before now means due now. type(uint256).max
    /// while paused or closed, when keeper calls revert. A keeper that calls only when this time has
    /// come ends in the same state as one that calls every day, for a fraction of the gas.
    function nextKeeperCallAt() external view returns (uint256);

    function pendingPlan() external view returns (uint256 nonce, bytes32 planHash);

    function exitAvailableAt() external view returns (uint256);

    function paused() external view returns (bool);

    function closed() external view returns (bool);
}
