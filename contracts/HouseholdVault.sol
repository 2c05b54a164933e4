// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
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
/// - Every amount that comes in is allocated at once and in full (waterfall, no dust): fixed
///   costs already due, living money already due, each bucket's next payment (priority order),
///   living money for the rest of the month, advance repayment, the buffer up to its target, and
///   the rest as surplus for the resident.
/// - A creditor receives a bucket's monthly amount at most once per calendar month (UTC), in
///   full or not at all; a month that cannot be paid becomes arrears, paid first when money comes.
/// - A transfer that fails never blocks the others: it becomes a claimable balance.
/// - No money leaves a paused vault; a closed vault takes no new money, and every token it still
///   holds can be claimed or swept to the resident.
/// - The token balance is at least the sum of all tracked balances (buckets, living money,
///   buffer, surplus, repayments held, claimables); the difference is unallocated income.
///
/// Deployed once as an implementation; each household is a minimal-proxy clone whose immutable
/// arguments are (factory, token, household id), initialised in the transaction that creates it.
contract HouseholdVault is IHouseholdVault, Initializable, ReentrancyGuardTransient {
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

    uint256 private constant _WEEK = 7 days;

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

    uint128 private _livingMoney;
    uint128 private _buffer;

    uint128 private _surplus;
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
        _disableInitializers();
    }

    /// @inheritdoc IHouseholdVault
    function initialize(address resident_, address coach_, Plan calldata plan_) external initializer {
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
        // Anything above MAX_AMOUNT stays unallocated for a later call rather than being stuck.
        amount = Math.min(_unallocated(), MAX_AMOUNT);
        if (amount == 0) revert HouseholdVaultNothingToAllocate();
        _allocate(Source.Untagged, amount, false);
    }

    /// @inheritdoc IHouseholdVault
    function advance(uint256 amount) external nonReentrant {
        _requireOpen();
        IHouseholdVaultFactory factory_ = _factory();
        _requireRole(factory_, Roles.TREASURER);
        _checkAmount(amount);
        uint256 outstanding = _advanceOutstanding;
        uint256 cap = factory_.ADVANCE_CAP();
        if (outstanding + amount > cap) {
            revert HouseholdVaultAdvanceCapExceeded(amount, cap > outstanding ? cap - outstanding : 0);
        }
        uint256 need = _bucketsNeed();
        if (amount > need) revert HouseholdVaultAdvanceExceedsNeed(amount, need);
        _pull(msg.sender, amount);
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
        paid = _settle();
    }

    /// @inheritdoc IHouseholdVault
    function release() external nonReentrant returns (uint256 paid) {
        _requireOpen();
        _requireNotPaused();
        paid = _release();
    }

    /// @inheritdoc IHouseholdVault
    function claim() external nonReentrant returns (uint256 amount) {
        _requireNotPaused();
        amount = _claimable[msg.sender];
        if (amount == 0) revert HouseholdVaultNothingToClaim(msg.sender);
        _claimable[msg.sender] = 0;
        _totalClaimable -= uint128(amount); // fits: the total is the sum of the claimables
        emit Claimed(msg.sender, amount);
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
        // Registers may have changed since the proposal.
        _validatePlan(_factory(), plan_);
        delete _pendingPlanHash;
        emit PlanAccepted(nonce, proposed);
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

        // Due payments first; what is left belongs to the household, less what it owes the municipality.
        _settle();
        uint256 n = _bucketCount;
        for (uint256 i; i < n; ++i) {
            _buckets[i].balance = 0;
        }
        _livingMoney = 0;
        _buffer = 0;
        _surplus = 0;
        _repaymentHeld = 0;
        _closed = true;

        IERC20 token_ = _token();
        uint256 rest = _saturatingSub(token_.balanceOf(address(this)), _totalClaimable);
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
        amount = _unallocated();
        if (amount == 0) revert HouseholdVaultNothingToAllocate();
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
                surplus: _surplus,
                repaymentHeld: _repaymentHeld,
                advanceOutstanding: _advanceOutstanding,
                claimable: _totalClaimable,
                unallocated: _unallocated()
            });
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

    function _deposit(uint256 amount) private {
        _requireOpen();
        _checkAmount(amount);
        Source source = _factory().payerSource(msg.sender);
        if (source == Source.Untagged) revert HouseholdVaultUnknownPayer(msg.sender);
        _pull(msg.sender, amount);
        _allocate(source, amount, false);
    }

    /// @dev Pulls exactly `amount`. A token that delivers less (fee on transfer) is refused:
    /// creditors would be paid short on every payment, and rent paid short is rent unpaid.
    function _pull(address from, uint256 amount) private {
        IERC20 token_ = _token();
        uint256 balanceBefore = token_.balanceOf(address(this));
        token_.safeTransferFrom(from, address(this), amount);
        uint256 received = _saturatingSub(token_.balanceOf(address(this)), balanceBefore);
        if (received != amount) revert HouseholdVaultTransferAmountMismatch(amount, received);
    }

    /// @dev The waterfall. What is already due comes first, fixed costs before living money; then
    /// what falls due later, in the same order. Each step takes at most what it still needs, in
    /// exact token units, so the parts add up to `amount` with nothing lost to rounding. With
    /// `bucketsOnly` (an advance) the caller has checked that the buckets need at least `amount`.
    function _allocate(Source source, uint256 amount, bool bucketsOnly) private {
        uint256[] memory toBuckets = new uint256[](_bucketCount);
        uint256 toLivingMoney;
        uint256 toRepayment;
        uint256 toBuffer;

        // 1. Fixed costs already due, in priority order.
        uint256 remaining = _fillBuckets(toBuckets, amount, true);
        // 2. Living money for weeks that have already passed: the resident is not kept waiting
        //    for money that is due while next month's rent is put aside.
        if (!bucketsOnly) {
            toLivingMoney = Math.min(remaining, _livingMoneyNeedBy(block.timestamp));
            remaining -= toLivingMoney;
        }
        // 3. Each bucket's next payment, in priority order.
        remaining = _fillBuckets(toBuckets, remaining, false);

        if (!bucketsOnly) {
            // 4. Living money for the weeks that fall due before the month ends.
            uint256 monthEnd = Calendar.monthStart(Calendar.monthIndexOf(block.timestamp) + 1) - 1;
            uint256 more = Math.min(remaining, _saturatingSub(_livingMoneyNeedBy(monthEnd), toLivingMoney));
            toLivingMoney += more;
            remaining -= more;
            // 5. Repayment comes only after this month's fixed costs and living money are covered.
            toRepayment = Math.min(remaining, _advanceOutstanding);
            remaining -= toRepayment;
            // 6. The buffer, up to its target.
            toBuffer = Math.min(remaining, _saturatingSub(_bufferTarget, _buffer));
            remaining -= toBuffer;

            if (toLivingMoney > 0) _livingMoney += uint128(toLivingMoney); // fits: <= amount <= MAX_AMOUNT per call
            if (toRepayment > 0) {
                _advanceOutstanding -= uint128(toRepayment); // fits: <= outstanding
                _repaymentHeld += uint128(toRepayment);
            }
            if (toBuffer > 0) _buffer += uint128(toBuffer); // fits: <= target
            // 7. Whatever is left is surplus for the resident.
            if (remaining > 0) _surplus = (_surplus + remaining).toUint128();
        }
        emit Allocated(source, amount, toBuckets, toLivingMoney, toRepayment, toBuffer, remaining);
    }

    /// @dev Gives each bucket, in priority order, what it still needs for the payments that are
    /// already due (`dueOnly`: arrears, plus a payment whose due date has passed but that no keeper
    /// has settled yet) or for its arrears and next payment. Credits the balances; returns the rest.
    function _fillBuckets(uint256[] memory toBuckets, uint256 remaining, bool dueOnly) private returns (uint256) {
        uint256 n = toBuckets.length;
        for (uint256 i; i < n && remaining > 0; ++i) {
            Bucket storage b = _buckets[i];
            uint256 target = b.arrears;
            if (!dueOnly || Calendar.dueTimestamp(uint256(b.paidThroughMonth) + 1, b.dueDay) <= block.timestamp) {
                target += b.amountPerMonth;
            }
            uint256 give = Math.min(remaining, _saturatingSub(target, b.balance));
            if (give > 0) {
                b.balance = (b.balance + give).toUint96();
                toBuckets[i] += give;
                remaining -= give;
            }
        }
        return remaining;
    }

    /// @dev What the fixed-cost buckets still need for their arrears and next payments.
    function _bucketsNeed() private view returns (uint256 need) {
        uint256 n = _bucketCount;
        for (uint256 i; i < n; ++i) {
            Bucket storage b = _buckets[i];
            need += _saturatingSub(uint256(b.arrears) + b.amountPerMonth, b.balance);
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

    function _settle() private returns (uint256 paid) {
        IERC20 token_ = _token();
        uint256 n = _bucketCount;
        for (uint256 i; i < n; ++i) {
            paid += _settleBucket(token_, i);
        }
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
    function _settleBucket(IERC20 token_, uint256 index) private returns (uint256 toCreditor) {
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
        uint256 amount = b.amountPerMonth;
        uint256 month = paidThrough + 1;
        for (
            uint256 processed;
            processed < MAX_CATCH_UP_MONTHS && Calendar.dueTimestamp(month, dueDay) <= block.timestamp;
            ++processed
        ) {
            if (balance < amount) balance += _takeFromBuffer(amount - balance);
            if (balance >= amount) {
                balance -= amount;
                toCreditor += amount;
                emit CreditorPaid(index, category, month, amount);
            } else {
                arrears += amount;
                emit PaymentMissed(index, category, month, amount - balance);
            }
            paidThrough = month;
            ++month;
        }

        if (paidThrough != b.paidThroughMonth || toCreditor > 0) {
            b.balance = uint96(balance); // fits: never more than before plus a top-up it needed
            b.arrears = arrears.toUint96();
            b.paidThroughMonth = paidThrough.toUint32();
        }
        if (toCreditor > 0) _pay(token_, b.creditor, toCreditor);
    }

    function _release() private returns (uint256 paid) {
        uint256 released = _weeksReleased;
        uint256 weeksDue = Math.min(_saturatingSub(_weeksElapsedAt(block.timestamp), released), MAX_CATCH_UP_WEEKS);
        if (weeksDue == 0) return 0;

        uint256 weekly = _weeklyLivingMoney;
        uint256 living = _livingMoney;
        uint256 surplus = _surplus;
        uint256 cost = weeksDue * weekly;
        if (living < cost) {
            // The resident's own surplus covers a short week before the shared buffer does.
            uint256 fromSurplus = Math.min(surplus, cost - living);
            surplus -= fromSurplus;
            living += fromSurplus;
            // The buffer tops up only whole weeks: a part of a week paid to nobody would just
            // drain the buffer that protects the rent. (Short here means cost > 0, so weekly > 0.)
            if (living < cost) {
                uint256 affordable = Math.min(weeksDue, (living + _buffer) / weekly) * weekly;
                if (affordable > living) living += _takeFromBuffer(affordable - living);
            }
        }
        uint256 weeksPaid = weekly == 0 ? weeksDue : Math.min(weeksDue, living / weekly);
        uint256 livingPaid = weeksPaid * weekly;

        _livingMoney = uint128(living - livingPaid); // fits: living money is at most what was reserved
        _surplus = 0;
        _weeksReleased = (released + weeksPaid).toUint32();
        if (weeksPaid < weeksDue) emit LivingMoneyShort(weeksDue - weeksPaid);
        paid = livingPaid + surplus;
        // Surplus is left only when living money covered every week due, so no week paid means no surplus.
        if (weeksPaid > 0) emit LivingMoneyReleased(weeksPaid, livingPaid, surplus);
        if (paid > 0) _pay(_token(), _resident, paid);
    }

    function _takeFromBuffer(uint256 wanted) private returns (uint256 taken) {
        uint256 buffer = _buffer;
        taken = Math.min(buffer, wanted);
        if (taken > 0) {
            _buffer = uint128(buffer - taken); // fits: less than the buffer
            emit BufferUsed(taken);
        }
    }

    /// @dev Pushes a payment. If the transfer fails (recipient blocklisted, token paused, a
    /// reverting recipient hook), the others go on and the amount becomes claimable.
    function _pay(IERC20 token_, address to, uint256 amount) private {
        if (!token_.trySafeTransfer(to, amount)) {
            _claimable[to] += amount;
            _totalClaimable = (_totalClaimable + amount).toUint128();
            emit PaymentDeferred(to, amount);
        }
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
            if (!factory_.isApprovedCreditor(p.creditor)) revert HouseholdVaultCreditorNotApproved(i, p.creditor);
        }
    }

    /// @dev Installs a validated plan. A bucket whose creditor stays at the same position carries
    /// on with its balance, arrears and paid month; any other old bucket must be free of arrears
    /// and its balance is freed. Money a smaller plan no longer needs (bucket excess, buffer above
    /// target) is allocated again through the waterfall, so nothing is left untracked.
    function _applyPlan(Plan calldata plan_) private {
        uint256 oldCount = _bucketCount;
        uint256 newCount = plan_.buckets.length;
        uint256 currentMonth = Calendar.monthIndexOf(block.timestamp);
        uint256 freed;

        for (uint256 i; i < Math.max(oldCount, newCount); ++i) {
            Bucket storage b = _buckets[i];
            if (i < newCount) {
                BucketPlan calldata p = plan_.buckets[i];
                if (i < oldCount && b.creditor == p.creditor) {
                    b.category = p.category;
                    b.dueDay = p.dueDay;
                    b.amountPerMonth = p.amountPerMonth;
                    uint256 keep = uint256(b.arrears) + p.amountPerMonth;
                    if (b.balance > keep) {
                        freed += b.balance - keep;
                        b.balance = uint96(keep); // fits: less than the balance
                    }
                    continue;
                }
                if (i < oldCount) freed += _retireBucket(i);
                _buckets[i] = Bucket({
                    creditor: p.creditor,
                    amountPerMonth: p.amountPerMonth,
                    balance: 0,
                    arrears: 0,
                    paidThroughMonth: _firstPaidThrough(currentMonth, p.dueDay),
                    category: p.category,
                    dueDay: p.dueDay
                });
            } else {
                freed += _retireBucket(i);
                delete _buckets[i];
            }
        }
        _bucketCount = uint8(newCount); // fits: validated <= MAX_BUCKETS
        _weeklyLivingMoney = plan_.weeklyLivingMoney;
        _bufferTarget = plan_.bufferTarget;
        uint256 buffer = _buffer;
        if (buffer > plan_.bufferTarget) {
            freed += buffer - plan_.bufferTarget;
            _buffer = plan_.bufferTarget;
        }
        if (freed > 0) _allocate(Source.PlanChange, freed, false);
    }

    /// @dev A bucket leaves the plan: its arrears must have been paid, its balance is freed.
    function _retireBucket(uint256 index) private view returns (uint256 freed) {
        Bucket storage b = _buckets[index];
        if (b.arrears > 0) revert HouseholdVaultBucketHasArrears(index, b.arrears);
        return b.balance;
    }

    /// @dev A new bucket's first payment is its next due date strictly after now: a due date
    /// already reached this month counts as handled before the bucket existed.
    function _firstPaidThrough(uint256 currentMonth, uint256 dueDay) private view returns (uint32) {
        bool dueReached = Calendar.dueTimestamp(currentMonth, dueDay) <= block.timestamp;
        return uint32(dueReached ? currentMonth : currentMonth - 1); // fits: month indexes < 2^32 for 300M years
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

    /// @dev Tokens held beyond every tracked balance: income that arrived by plain transfer.
    function _unallocated() private view returns (uint256) {
        uint256 tracked = uint256(_livingMoney) + _buffer + _surplus + _repaymentHeld + _totalClaimable;
        uint256 n = _bucketCount;
        for (uint256 i; i < n; ++i) {
            tracked += _buckets[i].balance;
        }
        return _saturatingSub(_token().balanceOf(address(this)), tracked);
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
