// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IHouseholdVault} from "./interfaces/IHouseholdVault.sol";
import {IHouseholdVaultFactory} from "./interfaces/IHouseholdVaultFactory.sol";
import {Calendar} from "./libraries/Calendar.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title HouseholdVault
/// @notice A household's programmable-euro account: income in, fixed costs out on their due
/// dates, a fixed amount of living money to the resident every week.
/// @dev Guarantees:
/// - A deposit only pulls the tokens and records the payer's tag (IncomeReceived): income waits in
///   the vault until the next keeper call (settle, release, allocate, or any call that moves money),
///   which first splits everything waiting, in full (waterfall, no dust): every
///   fixed-cost month already due, living money already due, the next payment of each bucket
///   with no month due (priority order), living money for the weeks within LIVING_MONEY_HORIZON,
///   the month after for the buckets that had a month due, advance repayment, the buffer up to
///   its target, and the rest as the resident's savings.
/// - A creditor receives a bucket's monthly amount at most once per calendar month (UTC), in
///   full or not at all; a month that cannot be paid becomes arrears, paid first when money comes.
///   A plan change never erases, skips or repeats a month: due months are settled first, and a
///   continuing creditor keeps its bucket's state wherever it moves in the list.
/// - Fixed costs that are due come before living money, whichever keeper call comes first.
/// - A transfer that fails never blocks the others: it becomes a claimable balance. Each payout
///   gets a fixed gas allowance, so no payee can make a keeper call unboundedly expensive.
/// - No money leaves a paused vault; a closed vault takes no new money, and every token it still
///   holds can be claimed or swept to the resident.
/// - The token balance is at least the sum of all tracked balances (buckets, living money,
///   buffer, savings, repayments held, claimables), kept as one running total; the difference is
///   income waiting to be split.
///
/// Deployed once as an implementation; each household is a minimal-proxy clone whose immutable
/// arguments are (factory, token, household id), initialised in the transaction that creates it.
contract HouseholdVault is IHouseholdVault, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    // ---------------------------------------------------------------------------------------
    // Constants
    // ---------------------------------------------------------------------------------------

    /// @notice The most fixed-cost buckets a plan may have; bounds every loop over buckets.
    uint256 public constant MAX_BUCKETS = 8;
    /// @notice The most months one settle() processes per bucket; later calls catch up further.
    uint256 public constant MAX_CATCH_UP_MONTHS = 12;
    /// @notice The most weeks of living money one release() pays; later calls catch up further.
    uint256 public constant MAX_CATCH_UP_WEEKS = 5;
    /// @notice The largest single amount the vault accepts, so every balance fits its slot.
    uint256 public constant MAX_AMOUNT = type(uint96).max;
    /// @notice The largest monthly amount (and weekly living money) a plan may set: arrears, kept in
    /// 96 bits, then take 2^16 missed months (over 5,000 years) to overflow, so a plan can never
    /// brick settle() or close(). 2^80 units is 1.2 million euro a month even at 18 decimals.
    uint256 public constant MAX_MONTHLY_AMOUNT = type(uint80).max;
    /// @notice How far ahead living money is reserved: weeks that fall due within this time of an
    /// inflow are funded before the buffer and savings. Five weeks cover the longest gap between
    /// two monthly payments (31 days, more when a payer pays on the last working day) plus a few
    /// days' delay, so monthly income arriving on any day carries every week to the next income.
    uint256 public constant LIVING_MONEY_HORIZON = 35 days;
    /// @notice The gas each outgoing token transfer may use. A standard or upgradeable stablecoin
    /// transfer needs well under half; a payee (or token hook) that needs more gets a claimable
    /// balance instead, so one payee cannot make settle(), close() or a keeper batch unboundedly
    /// expensive.
    uint256 public constant PAYOUT_GAS = 100_000;

    uint256 private constant _WEEK = 7 days;
    /// @dev Gas a payout's CALL costs besides what it forwards (cold account access, memory).
    uint256 private constant _CALL_OVERHEAD = 5_000;

    // ---------------------------------------------------------------------------------------
    // Storage
    // ---------------------------------------------------------------------------------------

    /// @dev Two slots. The second is the hot one (written by deposits and payments); it holds
    /// paidThroughMonth, which is never zero, so the slot never returns to zero and every write
    /// to it is a cheap nonzero-to-nonzero write.
    struct Bucket {
        address creditor;
        uint96 amountPerMonth;
        uint96 balance;
        uint96 arrears;
        uint32 paidThroughMonth;
        Category category;
        uint8 dueDay;
    }

    address private _resident;
    uint40 private _exitAvailableAt;
    bool private _paused;
    bool private _closed;

    address private _coach;
    uint64 private _planNonce;

    bytes32 private _pendingPlanHash;

    uint128 private _weeklyLivingMoney;
    uint128 private _bufferTarget;

    uint40 private _livingMoneyStart;
    uint32 private _weeksReleased;
    uint8 private _bucketCount;
    /// @dev The earliest time settle() has work: the earliest next due date of any bucket, or
    /// earlier when a split made arrears payable or held an advance repayment. Before it no month
    /// is due anywhere, so settle() returns at once and the waterfall skips the calendar: a daily
    /// keeper pays little on the days nothing falls due.
    uint40 private _nextDueAt;
    /// @dev Weeks before this index that fell due short have been reported (LivingMoneyShort once per week).
    uint32 private _shortReportedBefore;
    /// @dev The sum of every tracked balance (buckets, living money, buffer, savings, repayments
    /// held, claimables): the token balance above it is income waiting to be split. Kept in the
    /// slot that settle() and release() read anyway, so finding waiting income costs one balanceOf.
    uint104 private _tracked;

    uint128 private _livingMoney;
    uint128 private _buffer;

    uint128 private _savings;
    uint128 private _repaymentHeld;

    uint128 private _advanceOutstanding;
    uint128 private _totalClaimable;

    mapping(address payee => uint256) private _claimable;

    Bucket[MAX_BUCKETS] private _buckets;

    // ---------------------------------------------------------------------------------------
    // Constructor and initializer
    // ---------------------------------------------------------------------------------------

    /// @dev The implementation itself can never be initialised; only its clones can.
    constructor() {
        _livingMoneyStart = type(uint40).max;
    }

    /// @inheritdoc IHouseholdVault
    /// @dev A vault is initialised once: initialisation sets the start of the living-money
    /// schedule, which is never zero afterwards. Checking that slot, which initialisation writes
    /// anyway, instead of a separate initialised flag saves every household a fresh storage slot.
    function initialize(address resident_, address coach_, Plan calldata plan_) external {
        if (_livingMoneyStart != 0) revert InvalidInitialization();
        IHouseholdVaultFactory factory_ = _factory();
        if (msg.sender != address(factory_)) revert HouseholdVaultNotFactory(msg.sender);
        if (resident_ == address(0)) revert HouseholdVaultZeroAddress();
        _checkCoach(factory_, coach_, resident_);
        _validatePlan(factory_, plan_);
        _resident = resident_;
        _coach = coach_;
        _livingMoneyStart = uint40(block.timestamp);
        _applyPlan(plan_);
    }

    // ---------------------------------------------------------------------------------------
    // External: income
    // ---------------------------------------------------------------------------------------

    /// @inheritdoc IHouseholdVault
    function deposit(uint256 amount) external nonReentrant {
        _deposit(amount);
    }

    /// @inheritdoc IHouseholdVault
    function depositWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external nonReentrant {
        // A permit that was front-run (already used) must not block the deposit: ignore a failed
        // permit and let transferFrom decide whether the allowance is there.
        // solhint-disable-next-line no-empty-blocks
        try IERC20Permit(address(_token())).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _deposit(amount);
    }

    /// @inheritdoc IHouseholdVault
    function allocate() external nonReentrant returns (uint256 amount) {
        _requireOpen();
        amount = _allocateWaiting();
        if (amount == 0) revert HouseholdVaultNothingToAllocate();
    }

    /// @inheritdoc IHouseholdVault
    function advance(uint256 amount) external nonReentrant {
        _requireOpen();
        IHouseholdVaultFactory factory_ = _factory();
        _requireRole(factory_, Roles.TREASURER);
        _checkAmount(amount);
        // Income already waiting pays first: the advance covers only what it leaves short.
        _allocateWaiting();
        uint256 outstanding = _advanceOutstanding;
        uint256 cap = factory_.ADVANCE_CAP();
        if (outstanding + amount > cap) {
            revert HouseholdVaultAdvanceCapExceeded(amount, cap > outstanding ? cap - outstanding : 0);
        }
        uint256 need = _bucketsNeed();
        if (amount > need) revert HouseholdVaultAdvanceExceedsNeed(amount, need);
        _pull(_token(), msg.sender, amount);
        _advanceOutstanding = (outstanding + amount).toUint128();
        emit AdvanceReceived(amount, outstanding + amount);
        _allocate(Source.MunicipalAdvance, amount, true);
    }

    // ---------------------------------------------------------------------------------------
    // External: outflows
    // ---------------------------------------------------------------------------------------

    /// @inheritdoc IHouseholdVault
    function settle() external nonReentrant returns (uint256 paid) {
        _requireOpen();
        _requireNotPaused();
        _allocateWaiting();
        paid = _settle();
    }

    /// @inheritdoc IHouseholdVault
    function release() external nonReentrant returns (uint256 paid) {
        _requireOpen();
        _requireNotPaused();
        _allocateWaiting();
        // Fixed costs that are due have first claim on the buffer: settle them before living
        // money may draw on it, so the order of keeper calls cannot make rent late.
        _settle();
        paid = _release();
    }

    /// @inheritdoc IHouseholdVault
    function claim() external nonReentrant returns (uint256 amount) {
        amount = _claim(msg.sender);
    }

    /// @inheritdoc IHouseholdVault
    function payClaimable(address payee) external nonReentrant returns (uint256 amount) {
        amount = _claim(payee);
    }

    /// @inheritdoc IHouseholdVault
    function withdrawSavings(uint256 amount) external nonReentrant {
        _requireOpen();
        _requireNotPaused();
        _onlyResident();
        if (amount == 0) revert HouseholdVaultZeroAmount();
        // Waiting income is split first: what it adds to the savings can be taken out at once.
        _allocateWaiting();
        uint256 savings = _savings;
        if (amount > savings) revert HouseholdVaultInsufficientSavings(amount, savings);
        _savings = uint128(savings - amount); // fits: less than the savings
        _tracked -= uint104(amount); // fits: part of the tracked total
        emit SavingsWithdrawn(amount);
        _token().safeTransfer(msg.sender, amount);
    }

    // ---------------------------------------------------------------------------------------
    // External: plan changes with consent
    // ---------------------------------------------------------------------------------------

    /// @inheritdoc IHouseholdVault
    function proposePlan(Plan calldata plan_) external returns (uint256 nonce) {
        _requireOpen();
        IHouseholdVaultFactory factory_ = _factory();
        if (msg.sender != _coach) revert HouseholdVaultNotCoach(msg.sender);
        if (!factory_.hasRole(Roles.COACH, msg.sender)) revert HouseholdVaultNotACoach(msg.sender);
        _validatePlan(factory_, plan_);
        nonce = ++_planNonce;
        bytes32 planHash = _hashPlan(nonce, plan_);
        _pendingPlanHash = planHash;
        emit PlanProposed(nonce, planHash, plan_);
    }

    /// @inheritdoc IHouseholdVault
    function acceptPlan(Plan calldata plan_) external nonReentrant {
        _requireOpen();
        _onlyResident();
        bytes32 proposed = _pendingPlanHash;
        if (proposed == bytes32(0)) revert HouseholdVaultNoPendingPlan();
        uint256 nonce = _planNonce;
        bytes32 given = _hashPlan(nonce, plan_);
        if (given != proposed) revert HouseholdVaultPlanMismatch(proposed, given);
        // Registers may have changed since the proposal, and a coach who lost the role since
        // cannot have a proposal accepted.
        IHouseholdVaultFactory factory_ = _factory();
        address coach_ = _coach;
        if (!factory_.hasRole(Roles.COACH, coach_)) revert HouseholdVaultNotACoach(coach_);
        _validatePlan(factory_, plan_);
        delete _pendingPlanHash;
        emit PlanAccepted(nonce, proposed);
        // Waiting income is split, and months already due are paid (or become arrears), under the
        // plan they arrived and fell due in. While paused nothing may leave; the due months then
        // carry over with their creditor.
        _allocateWaiting();
        if (!_paused) _settle();
        _applyPlan(plan_);
    }

    /// @inheritdoc IHouseholdVault
    function rejectPlan() external {
        _requireOpen();
        _onlyResident();
        bytes32 proposed = _pendingPlanHash;
        if (proposed == bytes32(0)) revert HouseholdVaultNoPendingPlan();
        delete _pendingPlanHash;
        emit PlanRejected(_planNonce, proposed);
    }

    /// @inheritdoc IHouseholdVault
    function setCoach(address coach_) external {
        _requireOpen();
        IHouseholdVaultFactory factory_ = _factory();
        _requireRole(factory_, Roles.REGISTRAR);
        _checkCoach(factory_, coach_, _resident);
        _coach = coach_;
        // A proposal by the previous coach does not survive the change.
        delete _pendingPlanHash;
        emit CoachChanged(coach_);
    }

    // ---------------------------------------------------------------------------------------
    // External: leaving
    // ---------------------------------------------------------------------------------------

    /// @inheritdoc IHouseholdVault
    function requestExit() external {
        _requireOpen();
        _onlyResident();
        uint256 at = _exitAvailableAt;
        if (at != 0) revert HouseholdVaultExitAlreadyRequested(at);
        at = block.timestamp + _factory().EXIT_NOTICE_PERIOD();
        _exitAvailableAt = at.toUint40();
        emit ExitRequested(at);
    }

    /// @inheritdoc IHouseholdVault
    function cancelExit() external {
        _requireOpen();
        _onlyResident();
        if (_exitAvailableAt == 0) revert HouseholdVaultExitNotRequested();
        _exitAvailableAt = 0;
        emit ExitCancelled();
    }

    /// @inheritdoc IHouseholdVault
    function close() external nonReentrant {
        _requireOpen();
        _requireNotPaused();
        uint256 at = _exitAvailableAt;
        if (at == 0) revert HouseholdVaultExitNotRequested();
        if (block.timestamp < at) revert HouseholdVaultExitNoticeRunning(at);

        // Due payments first, every month of them; what is left belongs to the household, less
        // what it owes the municipality.
        _allocateWaiting();
        _settle();
        uint256 dueAt = _nextDueAt;
        if (block.timestamp >= dueAt) revert HouseholdVaultNotCaughtUp(dueAt);
        IERC20 token_ = _token();
        _payArrearsOnClose(token_);
        _livingMoney = 0;
        _buffer = 0;
        _savings = 0;
        _repaymentHeld = 0;
        _closed = true;

        uint256 claimables = _totalClaimable;
        // What the household has left. (A balance beyond what the running total can count, 2^104
        // units, is not realistic for a euro token; any excess would be swept later.)
        uint256 rest = Math.min(
            _saturatingSub(token_.balanceOf(address(this)), claimables),
            type(uint104).max - claimables
        );
        // From here on only the claimables and the payments below are tracked; tokens that arrive
        // later are swept to the resident.
        _tracked = uint104(claimables + rest); // fits: capped just above
        uint256 outstanding = _advanceOutstanding;
        uint256 repaid = Math.min(rest, outstanding);
        _advanceOutstanding = uint128(outstanding - repaid); // fits: not more than before
        uint256 toResident = rest - repaid;
        emit VaultClosed(repaid, toResident);
        if (repaid > 0) _pay(token_, _factory().treasury(), repaid);
        if (toResident > 0) _pay(token_, _resident, toResident);
    }

    /// @inheritdoc IHouseholdVault
    function sweep() external nonReentrant returns (uint256 amount) {
        if (!_closed) revert HouseholdVaultNotClosed();
        amount = Math.min(_unallocated(), MAX_AMOUNT);
        if (amount == 0) revert HouseholdVaultNothingToAllocate();
        _tracked += uint104(amount); // fits: the token balance is above the tracked total by at least this
        emit Swept(amount);
        _pay(_token(), _resident, amount);
    }

    // ---------------------------------------------------------------------------------------
    // External: pause
    // ---------------------------------------------------------------------------------------

    /// @inheritdoc IHouseholdVault
    function pause() external {
        _requireOpen();
        _requireRole(_factory(), Roles.GUARDIAN);
        _requireNotPaused();
        _paused = true;
        emit VaultPaused();
    }

    /// @inheritdoc IHouseholdVault
    function unpause() external {
        _requireRole(_factory(), Roles.GUARDIAN);
        if (!_paused) revert HouseholdVaultNotPaused();
        _paused = false;
        emit VaultUnpaused();
    }

    // ---------------------------------------------------------------------------------------
    // External views
    // ---------------------------------------------------------------------------------------

    /// @inheritdoc IHouseholdVault
    function householdId() external view returns (bytes32 id) {
        (, , id) = _args();
    }

    /// @inheritdoc IHouseholdVault
    function factory() external view returns (address) {
        return address(_factory());
    }

    /// @inheritdoc IHouseholdVault
    function token() external view returns (address) {
        return address(_token());
    }

    /// @inheritdoc IHouseholdVault
    function resident() external view returns (address) {
        return _resident;
    }

    /// @inheritdoc IHouseholdVault
    function coach() external view returns (address) {
        return _coach;
    }

    /// @inheritdoc IHouseholdVault
    function plan() external view returns (Plan memory current) {
        uint256 n = _bucketCount;
        current.buckets = new BucketPlan[](n);
        for (uint256 i; i < n; ++i) {
            Bucket storage b = _buckets[i];
            current.buckets[i] = BucketPlan(b.category, b.dueDay, b.amountPerMonth, b.creditor);
        }
        current.weeklyLivingMoney = _weeklyLivingMoney;
        current.bufferTarget = _bufferTarget;
    }

    /// @inheritdoc IHouseholdVault
    function bucketCount() external view returns (uint256) {
        return _bucketCount;
    }

    /// @inheritdoc IHouseholdVault
    function bucket(uint256 index) public view returns (BucketView memory) {
        if (index >= _bucketCount) revert HouseholdVaultNoSuchBucket(index, _bucketCount);
        Bucket storage b = _buckets[index];
        return
            BucketView({
                category: b.category,
                dueDay: b.dueDay,
                amountPerMonth: b.amountPerMonth,
                creditor: b.creditor,
                balance: b.balance,
                arrears: b.arrears,
                paidThroughMonth: b.paidThroughMonth,
                nextDueAt: Calendar.dueTimestamp(uint256(b.paidThroughMonth) + 1, b.dueDay)
            });
    }

    /// @inheritdoc IHouseholdVault
    function buckets() external view returns (BucketView[] memory all) {
        uint256 n = _bucketCount;
        all = new BucketView[](n);
        for (uint256 i; i < n; ++i) {
            all[i] = bucket(i);
        }
    }

    /// @inheritdoc IHouseholdVault
    function accounts() external view returns (Accounts memory) {
        return
            Accounts({
                livingMoney: _livingMoney,
                buffer: _buffer,
                savings: _savings,
                repaymentHeld: _repaymentHeld,
                advanceOutstanding: _advanceOutstanding,
                claimable: _totalClaimable,
                unallocated: _unallocated()
            });
    }

    /// @inheritdoc IHouseholdVault
    function previewAllocation() external view returns (Allocation memory) {
        return _split(_closed ? 0 : Math.min(_unallocated(), MAX_AMOUNT), false);
    }

    /// @inheritdoc IHouseholdVault
    function claimable(address payee) external view returns (uint256) {
        return _claimable[payee];
    }

    /// @inheritdoc IHouseholdVault
    function livingMoneySchedule() external view returns (uint256 weeksReleased, uint256 nextReleaseAt) {
        weeksReleased = _weeksReleased;
        nextReleaseAt = uint256(_livingMoneyStart) + (weeksReleased + 1) * _WEEK;
    }

    /// @inheritdoc IHouseholdVault
    function nextKeeperCallAt() external view returns (uint256) {
        if (_closed || _paused) return type(uint256).max;
        if (_unallocated() > 0) return 0; // income waits: due now
        return Math.min(_nextDueAt, _nextReleaseWorkAt());
    }

    /// @dev When release() next has work. Weeks that are due have work if at least one can be paid
    /// (whole weeks from living money, savings and the buffer) or one is not reported short yet;
    /// otherwise only a new week falling due short (to report it) or new income changes anything.
    function _nextReleaseWorkAt() private view returns (uint256) {
        uint256 released = _weeksReleased;
        uint256 elapsed = _weeksElapsedAt(block.timestamp);
        if (elapsed <= released) return uint256(_livingMoneyStart) + (released + 1) * _WEEK;
        uint256 weekly = _weeklyLivingMoney;
        uint256 window = Math.min(elapsed, released + MAX_CATCH_UP_WEEKS); // weeks one release() looks at
        if (weekly == 0 || uint256(_livingMoney) + _savings + _buffer >= weekly || window > _shortReportedBefore) {
            return 0;
        }
        // Every week release() looks at is short and reported; a later week joins its window only
        // while the window is not full.
        return
            window < released + MAX_CATCH_UP_WEEKS
                ? uint256(_livingMoneyStart) + (elapsed + 1) * _WEEK
                : type(uint256).max;
    }

    /// @inheritdoc IHouseholdVault
    function pendingPlan() external view returns (uint256 nonce, bytes32 planHash) {
        return (_planNonce, _pendingPlanHash);
    }

    /// @inheritdoc IHouseholdVault
    function exitAvailableAt() external view returns (uint256) {
        return _exitAvailableAt;
    }

    /// @inheritdoc IHouseholdVault
    function paused() external view returns (bool) {
        return _paused;
    }

    /// @inheritdoc IHouseholdVault
    function closed() external view returns (bool) {
        return _closed;
    }

    // ---------------------------------------------------------------------------------------
    // Internal: income and the waterfall
    // ---------------------------------------------------------------------------------------

    /// @dev The income path payers use millions of times a year, so it does only what a deposit
    /// must: refuse an unknown payer and a token that delivers less, and record the payer's tag.
    /// The split waits for the next keeper call, which reads every bucket anyway.
    function _deposit(uint256 amount) private {
        _requireOpen();
        _checkAmount(amount);
        (IHouseholdVaultFactory factory_, IERC20 token_, ) = _args();
        Source source = factory_.payerSource(msg.sender);
        if (source == Source.Untagged) revert HouseholdVaultUnknownPayer(msg.sender);
        _pull(token_, msg.sender, amount);
        emit IncomeReceived(source, amount);
    }

    /// @dev Splits the income waiting in the vault (deposits and plain transfers since the last
    /// split). Anything above MAX_AMOUNT waits for a later call rather than being stuck.
    function _allocateWaiting() private returns (uint256 amount) {
        amount = Math.min(_unallocated(), MAX_AMOUNT);
        if (amount > 0) _allocate(Source.Income, amount, false);
    }

    /// @dev Pulls exactly `amount`. A token that delivers less (fee on transfer) is refused:
    /// creditors would be paid short on every payment, and rent paid short is rent unpaid.
    function _pull(IERC20 token_, address from, uint256 amount) private {
        uint256 balanceBefore = token_.balanceOf(address(this));
        token_.safeTransferFrom(from, address(this), amount);
        uint256 received = _saturatingSub(token_.balanceOf(address(this)), balanceBefore);
        if (received != amount) revert HouseholdVaultTransferAmountMismatch(amount, received);
    }

    /// @dev Splits `amount` (see _split) and credits the parts. Income (not a plan change's freed
    /// money, which was tracked already) joins the tracked total.
    function _allocate(Source source, uint256 amount, bool bucketsOnly) private {
        Allocation memory a = _split(amount, bucketsOnly);
        uint256 n = a.toBuckets.length;
        bool settleNow = a.toAdvanceRepayment > 0;
        for (uint256 i; i < n; ++i) {
            uint256 give = a.toBuckets[i];
            if (give > 0) {
                Bucket storage b = _buckets[i];
                b.balance = (b.balance + give).toUint96();
                // Arrears are paid by the next settle() as soon as the bucket covers them.
                if (b.arrears > 0) settleNow = true;
            }
        }
        if (settleNow && _nextDueAt > block.timestamp) _nextDueAt = uint40(block.timestamp); // fits: now < a uint40
        if (a.toLivingMoney > 0) _livingMoney += uint128(a.toLivingMoney); // fits: <= amount <= MAX_AMOUNT per call
        if (a.toAdvanceRepayment > 0) {
            _advanceOutstanding -= uint128(a.toAdvanceRepayment); // fits: <= outstanding
            _repaymentHeld += uint128(a.toAdvanceRepayment);
        }
        if (a.toBuffer > 0) _buffer += uint128(a.toBuffer); // fits: <= target
        if (a.toSavings > 0) _savings = (_savings + a.toSavings).toUint128();
        if (source != Source.PlanChange) _tracked = (_tracked + amount).toUint104();
        emit Allocated(source, amount, a.toBuckets, a.toLivingMoney, a.toAdvanceRepayment, a.toBuffer, a.toSavings);
    }

    /// @dev The waterfall. What is already due comes first, fixed costs before living money; then
    /// what falls due next, in the same order; then the month after for a bucket that had a month
    /// due. Each step takes at most what it still needs, in exact token units, so the parts add up
    /// to `amount` with nothing lost to rounding. With `bucketsOnly` (an advance) the caller has
    /// checked that the buckets need at least `amount`.
    function _split(uint256 amount, bool bucketsOnly) private view returns (Allocation memory a) {
        uint256 n = _bucketCount;
        a.amount = amount;
        a.toBuckets = new uint256[](n);
        uint256[] memory dueMonths = _dueMonthCounts(n);
        // Before `_nextDueAt` no bucket has a month due, so step 5 has nothing to give.
        bool monthsDue = block.timestamp >= _nextDueAt;

        // 1. Every fixed-cost month already due (arrears, and months no keeper has settled yet),
        //    in priority order: after an outage or a pause, income pays the months it missed
        //    before anything else, so catching up never turns them into arrears.
        uint256 remaining = _fillBuckets(a.toBuckets, dueMonths, amount, 0, false);
        // 2. Living money for weeks that have already passed: the resident is not kept waiting
        //    for money that is due while next month's rent is put aside.
        if (!bucketsOnly) {
            a.toLivingMoney = Math.min(remaining, _livingMoneyNeedBy(block.timestamp));
            remaining -= a.toLivingMoney;
        }
        // 3. Each bucket's next payment, in priority order, for the buckets that had no month due.
        remaining = _fillBuckets(a.toBuckets, dueMonths, remaining, 1, true);
        if (bucketsOnly) {
            // An advance covers fixed costs only: the month after, for the buckets that were due.
            if (monthsDue) _fillBuckets(a.toBuckets, dueMonths, remaining, 1, false);
            return a;
        }

        // 4. Living money for the weeks that fall due within the horizon, so income that arrives
        //    late in a month for the next one carries every week until the next income.
        uint256 more = Math.min(
            remaining,
            _saturatingSub(_livingMoneyNeedBy(block.timestamp + LIVING_MONEY_HORIZON), a.toLivingMoney)
        );
        a.toLivingMoney += more;
        remaining -= more;
        // 5. The month after for a bucket that had a month due in step 1: its next due date is a
        //    month away, after the bills and weeks that fall due before it. Income split after a
        //    due date (income that came the day before, split by the keeper's first call on the
        //    due date) so pays the month due and then this month's other bills and weeks, as the
        //    same income split on arrival would have.
        if (monthsDue) remaining = _fillBuckets(a.toBuckets, dueMonths, remaining, 1, false);
        // 6. Repayment comes only after the fixed costs and the living money ahead are covered.
        a.toAdvanceRepayment = Math.min(remaining, _advanceOutstanding);
        remaining -= a.toAdvanceRepayment;
        // 7. The buffer, up to its target.
        a.toBuffer = Math.min(remaining, _saturatingSub(_bufferTarget, _buffer));
        // 8. Whatever is left is the resident's savings, held in the vault.
        a.toSavings = remaining - a.toBuffer;
    }

    /// @dev Gives each bucket, in priority order, what it still needs for its arrears, the months
    /// already due and `extraMonths` months beyond them, counting what `toBuckets` already gives
    /// it; with `skipDue`, only the buckets that have no month due. Adds to `toBuckets`; returns
    /// the rest.
    function _fillBuckets(
        uint256[] memory toBuckets,
        uint256[] memory dueMonths,
        uint256 remaining,
        uint256 extraMonths,
        bool skipDue
    ) private view returns (uint256) {
        uint256 n = toBuckets.length;
        for (uint256 i; i < n && remaining > 0; ++i) {
            if (skipDue && dueMonths[i] > 0) continue;
            Bucket storage b = _buckets[i];
            uint256 target = b.arrears + (dueMonths[i] + extraMonths) * b.amountPerMonth;
            uint256 give = Math.min(remaining, _saturatingSub(target, b.balance + toBuckets[i]));
            if (give > 0) {
                toBuckets[i] += give;
                remaining -= give;
            }
        }
        return remaining;
    }

    /// @dev For each bucket, how many months have fallen due and wait for settle() (at most
    /// MAX_CATCH_UP_MONTHS, what one settle() processes). Before `_nextDueAt` none has.
    function _dueMonthCounts(uint256 n) private view returns (uint256[] memory counts) {
        counts = new uint256[](n);
        if (block.timestamp < _nextDueAt) return counts;
        for (uint256 i; i < n; ++i) {
            Bucket storage b = _buckets[i];
            counts[i] = _dueMonthCount(b.paidThroughMonth, b.dueDay);
        }
    }

    /// @dev Months after `paidThrough` whose due date on `dueDay` has been reached, at most MAX_CATCH_UP_MONTHS.
    function _dueMonthCount(uint256 paidThrough, uint256 dueDay) private view returns (uint256 count) {
        while (
            count < MAX_CATCH_UP_MONTHS && Calendar.dueTimestamp(paidThrough + count + 1, dueDay) <= block.timestamp
        ) {
            ++count;
        }
    }

    /// @dev What the fixed-cost buckets still need for arrears, months due and next payments.
    function _bucketsNeed() private view returns (uint256 need) {
        uint256 n = _bucketCount;
        uint256[] memory dueMonths = _dueMonthCounts(n);
        for (uint256 i; i < n; ++i) {
            Bucket storage b = _buckets[i];
            need += _saturatingSub(uint256(b.arrears) + (dueMonths[i] + 1) * b.amountPerMonth, b.balance);
        }
    }

    /// @dev Living money still to reserve for every week that falls due by `timestamp`, including
    /// weeks that are already due and not yet released.
    function _livingMoneyNeedBy(uint256 timestamp) private view returns (uint256) {
        uint256 owedWeeks = _saturatingSub(_weeksElapsedAt(timestamp), _weeksReleased);
        return _saturatingSub(owedWeeks * _weeklyLivingMoney, _livingMoney);
    }

    // ---------------------------------------------------------------------------------------
    // Internal: outflows
    // ---------------------------------------------------------------------------------------

    /// @dev Settles every bucket and records the earliest next due date. Before `_nextDueAt` there
    /// is nothing to do (no due date reached, no payable arrears, no repayment held).
    function _settle() private returns (uint256 paid) {
        if (block.timestamp < _nextDueAt) return 0;
        IERC20 token_ = _token();
        uint256 n = _bucketCount;
        uint256 nextDue = type(uint40).max;
        for (uint256 i; i < n; ++i) {
            (uint256 toCreditor, uint256 bucketNextDue) = _settleBucket(token_, i);
            paid += toCreditor;
            if (bucketNextDue < nextDue) nextDue = bucketNextDue;
        }
        _nextDueAt = uint40(nextDue); // fits: capped at uint40 max above
        uint256 held = _repaymentHeld;
        if (held > 0) {
            _repaymentHeld = 0;
            emit AdvanceRepaid(held, _advanceOutstanding);
            _pay(token_, _factory().treasury(), held);
            paid += held;
        }
    }

    /// @dev Pays arrears if the bucket now covers them, then processes each month whose due date
    /// has passed (oldest first, at most MAX_CATCH_UP_MONTHS), and sends the creditor one transfer.
    /// Returns what it paid and the bucket's next due date (still <= now if it has more to catch up).
    function _settleBucket(IERC20 token_, uint256 index) private returns (uint256 toCreditor, uint256 nextDue) {
        Bucket storage b = _buckets[index];
        uint256 balance = b.balance;
        uint256 arrears = b.arrears;
        uint256 paidThrough = b.paidThroughMonth;
        Category category = b.category;

        if (arrears > 0 && balance >= arrears) {
            balance -= arrears;
            toCreditor = arrears;
            emit ArrearsPaid(index, category, arrears);
            arrears = 0;
        }

        uint256 dueDay = b.dueDay;
        nextDue = Calendar.dueTimestamp(paidThrough + 1, dueDay);
        // Read only when a month is due: the amount shares its slot with the creditor.
        uint256 amount = nextDue <= block.timestamp ? b.amountPerMonth : 0;
        for (uint256 processed; processed < MAX_CATCH_UP_MONTHS && nextDue <= block.timestamp; ++processed) {
            uint256 month = paidThrough + 1;
            if (balance < amount) balance += _takeFromBuffer(amount - balance);
            // The vault does not let a month fall into arrears while it holds the resident's own
            // money that would pay it: savings complete the payment (whole payments only).
            if (balance < amount) balance += _takeFromSavingsIfEnough(amount - balance);
            if (balance >= amount) {
                balance -= amount;
                toCreditor += amount;
                emit CreditorPaid(index, category, month, amount);
            } else {
                arrears += amount;
                emit PaymentMissed(index, category, month, amount - balance);
            }
            paidThrough = month;
            nextDue = Calendar.dueTimestamp(month + 1, dueDay);
        }

        if (paidThrough != b.paidThroughMonth || toCreditor > 0) {
            // Cast first, then write the three fields together: the compiler then stores the slot
            // once, instead of once per field (each store of a changed slot costs 2,900 gas).
            uint96 newArrears = arrears.toUint96(); // MAX_MONTHLY_AMOUNT leaves room for 2^16 missed months
            b.balance = uint96(balance); // fits: never more than before plus a top-up it needed
            b.arrears = newArrears;
            b.paidThroughMonth = uint32(paidThrough); // fits: month indexes < 2^32 for 300M years
        }
        if (toCreditor > 0) _pay(token_, b.creditor, toCreditor);
    }

    /// @dev On closing, every bucket pays what it holds toward its arrears, and the buffer (kept
    /// for fixed costs) tops that up: creditors are paid before the treasury or the resident.
    function _payArrearsOnClose(IERC20 token_) private {
        uint256 n = _bucketCount;
        for (uint256 i; i < n; ++i) {
            Bucket storage b = _buckets[i];
            uint256 arrears = b.arrears;
            uint256 balance = b.balance;
            if (arrears > balance) balance += _takeFromBuffer(arrears - balance);
            uint256 toCreditor = Math.min(arrears, balance);
            b.balance = 0;
            if (toCreditor > 0) {
                b.arrears = uint96(arrears - toCreditor); // fits: less than the arrears
                emit ArrearsPaid(i, b.category, toCreditor);
                _pay(token_, b.creditor, toCreditor);
            }
        }
    }

    function _release() private returns (uint256 paid) {
        uint256 released = _weeksReleased;
        uint256 weeksDue = Math.min(_saturatingSub(_weeksElapsedAt(block.timestamp), released), MAX_CATCH_UP_WEEKS);
        if (weeksDue == 0) return 0;

        uint256 weekly = _weeklyLivingMoney;
        uint256 living = _livingMoney;
        uint256 cost = weeksDue * weekly;
        if (living < cost) {
            // Top up whole weeks only: part of a week paid to nobody would lock the resident's
            // savings or drain the buffer that protects the rent. The resident's own savings go
            // first, then the shared buffer. (Short here means cost > 0, so weekly > 0.)
            uint256 savings = _savings;
            uint256 affordable = Math.min(weeksDue, (living + savings + _buffer) / weekly) * weekly;
            if (affordable > living) {
                uint256 fromSavings = Math.min(savings, affordable - living);
                if (fromSavings > 0) {
                    _savings = uint128(savings - fromSavings); // fits: less than the savings
                    living += fromSavings;
                    emit SavingsUsed(fromSavings);
                }
                if (affordable > living) living += _takeFromBuffer(affordable - living);
            }
        }
        uint256 weeksPaid = weekly == 0 ? weeksDue : Math.min(weeksDue, living / weekly);
        paid = weeksPaid * weekly;

        _livingMoney = uint128(living - paid); // fits: living money is at most what was reserved
        _weeksReleased = uint32(released + weeksPaid); // fits: weeks since start < 2^32 for 80M years
        if (weeksPaid < weeksDue) _reportShortWeeks(released + weeksPaid, released + weeksDue);
        if (weeksPaid > 0) emit LivingMoneyReleased(weeksPaid, paid);
        if (paid > 0) _pay(_token(), _resident, paid);
    }

    /// @dev Weeks [firstShort, end) are due and unpaid: report those not reported before, once each.
    function _reportShortWeeks(uint256 firstShort, uint256 end) private {
        uint256 from = Math.max(firstShort, _shortReportedBefore);
        if (end > from) {
            _shortReportedBefore = uint32(end); // fits: a week index, as _weeksReleased
            emit LivingMoneyShort(end - from);
        }
    }

    /// @dev Takes `wanted` from the savings if they hold all of it, else nothing.
    function _takeFromSavingsIfEnough(uint256 wanted) private returns (uint256) {
        uint256 savings = _savings;
        if (savings < wanted) return 0;
        _savings = uint128(savings - wanted); // fits: less than the savings
        emit SavingsUsed(wanted);
        return wanted;
    }

    function _takeFromBuffer(uint256 wanted) private returns (uint256 taken) {
        uint256 buffer = _buffer;
        taken = Math.min(buffer, wanted);
        if (taken > 0) {
            _buffer = uint128(buffer - taken); // fits: less than the buffer
            emit BufferUsed(taken);
        }
    }

    /// @dev Pays `payee` its claimable balance; reverts (changing nothing) if the transfer fails.
    function _claim(address payee) private returns (uint256 amount) {
        _requireNotPaused();
        amount = _claimable[payee];
        if (amount == 0) revert HouseholdVaultNothingToClaim(payee);
        _claimable[payee] = 0;
        _totalClaimable -= uint128(amount); // fits: the total is the sum of the claimables
        _tracked -= uint104(amount); // fits: part of the tracked total
        emit Claimed(payee, amount);
        _token().safeTransfer(payee, amount);
    }

    /// @dev Pushes a payment. If the transfer fails (recipient blocklisted, token paused, a
    /// reverting recipient hook, or a hook that needs more than PAYOUT_GAS), the others go on and
    /// the amount becomes claimable.
    function _pay(IERC20 token_, address to, uint256 amount) private {
        if (_tryTransfer(token_, to, amount)) {
            _tracked -= uint104(amount); // fits: every payment is part of the tracked total
        } else {
            _claimable[to] += amount;
            _totalClaimable = (_totalClaimable + amount).toUint128();
            emit PaymentDeferred(to, amount);
        }
    }

    /// @dev SafeERC20.trySafeTransfer with the call's gas capped at PAYOUT_GAS. It first makes sure
    /// the call really gets PAYOUT_GAS (EIP-150 passes on at most 63/64 of what is left), so a
    /// caller cannot force a deferral by sending too little gas: the whole call reverts instead.
    /// Only 32 bytes of return data are copied, so a token cannot burn gas with a huge answer.
    /// Unlike SafeERC20, an empty answer needs no code-size check: the token had code when it
    /// delivered the tokens being paid out (safeTransferFrom and balanceOf check that), and code
    /// cannot be removed since EIP-6780.
    function _tryTransfer(IERC20 token_, address to, uint256 amount) private returns (bool ok) {
        uint256 needed = (PAYOUT_GAS * 64) / 63 + _CALL_OVERHEAD;
        uint256 left = gasleft();
        if (left < needed) revert HouseholdVaultInsufficientGas(left, needed);
        bytes memory data = abi.encodeCall(IERC20.transfer, (to, amount));
        uint256 gasLimit = PAYOUT_GAS;
        bool success;
        uint256 returnSize;
        uint256 returnValue;
        // Assembly, because a high-level call copies all return data into memory.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            success := call(gasLimit, token_, 0, add(data, 0x20), mload(data), 0x00, 0x20)
            returnSize := returndatasize()
            returnValue := mload(0)
        }
        ok = success && (returnSize == 0 || returnValue == 1);
    }

    // ---------------------------------------------------------------------------------------
    // Internal: the plan
    // ---------------------------------------------------------------------------------------

    function _validatePlan(IHouseholdVaultFactory factory_, Plan calldata plan_) private view {
        uint256 n = plan_.buckets.length;
        if (n > MAX_BUCKETS) revert HouseholdVaultTooManyBuckets(n, MAX_BUCKETS);
        for (uint256 i; i < n; ++i) {
            BucketPlan calldata p = plan_.buckets[i];
            if (p.dueDay == 0 || p.dueDay > 31) revert HouseholdVaultInvalidDueDay(i, p.dueDay);
            if (p.amountPerMonth == 0) revert HouseholdVaultZeroBucketAmount(i);
            if (p.amountPerMonth > MAX_MONTHLY_AMOUNT) {
                revert HouseholdVaultBucketAmountTooLarge(i, p.amountPerMonth, MAX_MONTHLY_AMOUNT);
            }
            if (!factory_.isApprovedCreditor(p.creditor)) revert HouseholdVaultCreditorNotApproved(i, p.creditor);
        }
        if (plan_.weeklyLivingMoney > MAX_MONTHLY_AMOUNT) {
            revert HouseholdVaultAmountTooLarge(plan_.weeklyLivingMoney, MAX_MONTHLY_AMOUNT);
        }
        if (plan_.bufferTarget > MAX_AMOUNT) revert HouseholdVaultAmountTooLarge(plan_.bufferTarget, MAX_AMOUNT);
    }

    /// @dev Installs a validated plan. A creditor that stays in the plan keeps its bucket's
    /// balance, arrears and paid month wherever it moves in the list (matched first on creditor
    /// and category, then on creditor alone); its new due day and amount apply from the next
    /// unprocessed month, so no month is skipped or paid twice. A creditor that leaves must have
    /// no arrears and no month due, and its balance is freed. Money the new plan no longer needs
    /// (bucket excess, living money above the horizon, buffer above target) runs through the
    /// waterfall again, so nothing is left untracked.
    function _applyPlan(Plan calldata plan_) private {
        uint256 oldCount = _bucketCount;
        uint256 newCount = plan_.buckets.length;
        Bucket[] memory old = new Bucket[](oldCount);
        for (uint256 i; i < oldCount; ++i) {
            old[i] = _buckets[i];
        }
        uint256[] memory source = _matchBuckets(old, plan_);

        uint256 freed;
        uint256 nextDue = type(uint40).max;
        for (uint256 i; i < newCount; ++i) {
            Bucket memory b = _planBucket(old, source[i], plan_.buckets[i]);
            uint256 due = _dueMonthCount(b.paidThroughMonth, b.dueDay);
            uint256 keep = uint256(b.arrears) + (due + 1) * b.amountPerMonth;
            if (b.balance > keep) {
                freed += b.balance - keep;
                b.balance = uint96(keep); // fits: less than the balance
            }
            _buckets[i] = b;
            uint256 bucketDue = Calendar.dueTimestamp(uint256(b.paidThroughMonth) + 1, b.dueDay);
            // Arrears the bucket already covers (a plan accepted while paused) are payable now.
            if (b.arrears > 0 && b.balance >= b.arrears) bucketDue = block.timestamp;
            if (bucketDue < nextDue) nextDue = bucketDue;
        }
        for (uint256 j; j < oldCount; ++j) {
            if (old[j].creditor != address(0)) freed += _retireBucket(old[j], j); // not carried over
            if (j >= newCount) delete _buckets[j];
        }
        // A repayment still held (a plan accepted while paused) waits for the next settle().
        if (_repaymentHeld > 0) nextDue = block.timestamp;
        _bucketCount = uint8(newCount); // fits: validated <= MAX_BUCKETS
        _nextDueAt = uint40(nextDue); // fits: capped at uint40 max above
        _weeklyLivingMoney = plan_.weeklyLivingMoney;
        _bufferTarget = plan_.bufferTarget;

        // Living money reserved beyond what the new weekly amount needs (a lower amount, or 0) is freed.
        uint256 livingNeed =
            _saturatingSub(_weeksElapsedAt(block.timestamp + LIVING_MONEY_HORIZON), _weeksReleased) *
                plan_.weeklyLivingMoney;
        uint256 living = _livingMoney;
        if (living > livingNeed) {
            freed += living - livingNeed;
            _livingMoney = uint128(livingNeed); // fits: less than the living money
        }
        uint256 buffer = _buffer;
        if (buffer > plan_.bufferTarget) {
            freed += buffer - plan_.bufferTarget;
            _buffer = plan_.bufferTarget;
        }
        if (freed > 0) _allocate(Source.PlanChange, freed, false);
    }

    /// @dev For each bucket of the new plan, the index + 1 of the old bucket it continues (0: a new
    /// bucket). An old bucket that is matched has its creditor cleared in `old`.
    function _matchBuckets(Bucket[] memory old, Plan calldata plan_) private pure returns (uint256[] memory source) {
        uint256 newCount = plan_.buckets.length;
        source = new uint256[](newCount);
        // Pass 0 matches creditor and category, pass 1 the creditor alone.
        for (uint256 pass; pass < 2; ++pass) {
            for (uint256 i; i < newCount; ++i) {
                if (source[i] != 0) continue;
                BucketPlan calldata p = plan_.buckets[i];
                for (uint256 j; j < old.length; ++j) {
                    if (old[j].creditor == p.creditor && (pass == 1 || old[j].category == p.category)) {
                        source[i] = j + 1;
                        old[j].creditor = address(0);
                        break;
                    }
                }
            }
        }
    }

    /// @dev The bucket for plan entry `p`: the continued old bucket `old[source - 1]` with the new
    /// terms, or a new empty bucket whose first payment is its next due date strictly after now.
    function _planBucket(
        Bucket[] memory old,
        uint256 source,
        BucketPlan calldata p
    ) private view returns (Bucket memory b) {
        b.creditor = p.creditor;
        if (source != 0) {
            // Field by field: `b = old[...]` would alias the memory struct the caller still reads.
            Bucket memory continued = old[source - 1];
            b.balance = continued.balance;
            b.arrears = continued.arrears;
            b.paidThroughMonth = continued.paidThroughMonth;
        } else {
            uint256 month = Calendar.monthIndexOf(block.timestamp);
            bool dueReached = Calendar.dueTimestamp(month, p.dueDay) <= block.timestamp;
            b.paidThroughMonth = uint32(dueReached ? month : month - 1); // fits: month indexes < 2^32
        }
        b.category = p.category;
        b.dueDay = p.dueDay;
        b.amountPerMonth = p.amountPerMonth;
    }

    /// @dev A bucket leaves the plan: its arrears must have been paid and no month may be waiting
    /// for settle(); its balance is freed.
    function _retireBucket(Bucket memory b, uint256 index) private view returns (uint256 freed) {
        if (b.arrears > 0) revert HouseholdVaultBucketHasArrears(index, b.arrears);
        uint256 month = uint256(b.paidThroughMonth) + 1;
        if (Calendar.dueTimestamp(month, b.dueDay) <= block.timestamp) {
            revert HouseholdVaultBucketPaymentDue(index, month);
        }
        return b.balance;
    }

    function _hashPlan(uint256 nonce, Plan calldata plan_) private view returns (bytes32) {
        return keccak256(abi.encode(address(this), nonce, plan_));
    }

    // ---------------------------------------------------------------------------------------
    // Internal: checks and helpers
    // ---------------------------------------------------------------------------------------

    function _checkCoach(IHouseholdVaultFactory factory_, address coach_, address resident_) private view {
        if (coach_ == address(0)) revert HouseholdVaultZeroAddress();
        if (coach_ == resident_) revert HouseholdVaultCoachIsResident(coach_);
        if (!factory_.hasRole(Roles.COACH, coach_)) revert HouseholdVaultNotACoach(coach_);
    }

    function _checkAmount(uint256 amount) private pure {
        if (amount == 0) revert HouseholdVaultZeroAmount();
        if (amount > MAX_AMOUNT) revert HouseholdVaultAmountTooLarge(amount, MAX_AMOUNT);
    }

    function _requireOpen() private view {
        if (_closed) revert HouseholdVaultIsClosed();
    }

    function _requireNotPaused() private view {
        if (_paused) revert HouseholdVaultIsPaused();
    }

    function _onlyResident() private view {
        if (msg.sender != _resident) revert HouseholdVaultNotResident(msg.sender);
    }

    function _requireRole(IHouseholdVaultFactory factory_, bytes32 role) private view {
        if (!factory_.hasRole(role, msg.sender)) revert HouseholdVaultMissingRole(msg.sender, role);
    }

    /// @dev Only called with times at or after the vault's start (now, or the end of this month).
    function _weeksElapsedAt(uint256 timestamp) private view returns (uint256) {
        return (timestamp - _livingMoneyStart) / _WEEK;
    }

    /// @dev Tokens held beyond every tracked balance: income waiting to be split.
    function _unallocated() private view returns (uint256) {
        return _saturatingSub(_token().balanceOf(address(this)), _tracked);
    }

    function _args() private view returns (IHouseholdVaultFactory factory_, IERC20 token_, bytes32 id) {
        return abi.decode(Clones.fetchCloneArgs(address(this)), (IHouseholdVaultFactory, IERC20, bytes32));
    }

    function _factory() private view returns (IHouseholdVaultFactory factory_) {
        (factory_, , ) = _args();
    }

    function _token() private view returns (IERC20 token_) {
        (, token_, ) = _args();
    }

    function _saturatingSub(uint256 a, uint256 b) private pure returns (uint256) {
        return a > b ? a - b : 0;
    }
}
