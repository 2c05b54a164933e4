// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";

import {IHouseholdVault} from "./interfaces/IHouseholdVault.sol";
import {IHouseholdVaultFactory} from "./interfaces/IHouseholdVaultFactory.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title HouseholdVaultFactory
/// @notice One per municipality. Keeps the register of authorised payers (each with its source
/// tag) and of approved creditors, so a coach cannot route fixed costs to an unapproved address;
/// appoints coaches (COACH_ROLE); and creates each household's vault as a clone at an address
/// derived from its household id, initialised in the same transaction.
/// @dev Roles: DEFAULT_ADMIN_ROLE grants the others and sets the treasury; REGISTRAR_ROLE keeps
/// the registers and creates vaults; GUARDIAN_ROLE pauses vaults; TREASURER_ROLE advances money.
contract HouseholdVaultFactory is IHouseholdVaultFactory, AccessControl {
    // ---------------------------------------------------------------------------------------
    // Constants and immutables
    // ---------------------------------------------------------------------------------------

    bytes32 public constant REGISTRAR_ROLE = Roles.REGISTRAR;
    bytes32 public constant COACH_ROLE = Roles.COACH;
    bytes32 public constant GUARDIAN_ROLE = Roles.GUARDIAN;
    bytes32 public constant TREASURER_ROLE = Roles.TREASURER;

    /// @notice The most vaults one keeper batch takes; bounds the loop.
    uint256 public constant MAX_BATCH = 200;
    /// @notice Gas a batch keeps in hand before it starts on the next vault: above what the
    /// worst-case vault uses for settle() and release() (8 buckets more than two years behind, so
    /// settle() catches up 12 months each and release() settles 12 more first, with all 18 payouts
    /// using their full gas allowance, and waiting income split first: about 3.2M, measured in
    /// test/holes.test.ts and `npm run bench`), so a batch never runs out of gas half-way.
    uint256 public constant GAS_PER_VAULT = 4_000_000;

    /// @inheritdoc IHouseholdVaultFactory
    address public immutable TOKEN;
    /// @inheritdoc IHouseholdVaultFactory
    address public immutable VAULT_IMPLEMENTATION;
    /// @inheritdoc IHouseholdVaultFactory
    uint256 public immutable ADVANCE_CAP;
    /// @inheritdoc IHouseholdVaultFactory
    uint256 public immutable EXIT_NOTICE_PERIOD;

    // ---------------------------------------------------------------------------------------
    // Storage
    // ---------------------------------------------------------------------------------------

    address private _treasury;
    mapping(address payer => IHouseholdVault.Source) private _payerSource;
    mapping(address creditor => bool) private _approvedCreditor;
    mapping(address vault => bool) private _isVault;

    // ---------------------------------------------------------------------------------------
    // Constructor
    // ---------------------------------------------------------------------------------------

    /// @param admin the municipality; receives every role and can hand them on
    /// @param token_ the euro token the vaults hold
    /// @param implementation a deployed HouseholdVault to clone
    /// @param treasury_ where advance repayments go
    /// @param advanceCap the most a household may owe in advances (Utrecht: EUR 1,500), in token units
    /// @param exitNoticePeriod seconds between a resident's notice and the vault closing
    constructor(
        address admin,
        address token_,
        address implementation,
        address treasury_,
        uint256 advanceCap,
        uint256 exitNoticePeriod
    ) {
        if (admin == address(0) || token_ == address(0) || implementation == address(0) || treasury_ == address(0)) {
            revert HouseholdVaultFactoryZeroAddress();
        }
        TOKEN = token_;
        VAULT_IMPLEMENTATION = implementation;
        ADVANCE_CAP = advanceCap;
        EXIT_NOTICE_PERIOD = exitNoticePeriod;
        _treasury = treasury_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(REGISTRAR_ROLE, admin);
        _grantRole(GUARDIAN_ROLE, admin);
        _grantRole(TREASURER_ROLE, admin);
        emit TreasuryChanged(treasury_);
    }

    // ---------------------------------------------------------------------------------------
    // External: registers
    // ---------------------------------------------------------------------------------------

    /// @inheritdoc IHouseholdVaultFactory
    function registerPayer(address payer, IHouseholdVault.Source source) external onlyRole(REGISTRAR_ROLE) {
        if (payer == address(0)) revert HouseholdVaultFactoryZeroAddress();
        if (
            source != IHouseholdVault.Source.SVB &&
            source != IHouseholdVault.Source.Toeslagen &&
            source != IHouseholdVault.Source.WorkAndIncome &&
            source != IHouseholdVault.Source.OtherPayer
        ) revert HouseholdVaultFactoryInvalidSource(source);
        _payerSource[payer] = source;
        emit PayerRegistered(payer, source);
    }

    /// @inheritdoc IHouseholdVaultFactory
    function removePayer(address payer) external onlyRole(REGISTRAR_ROLE) {
        if (_payerSource[payer] == IHouseholdVault.Source.Untagged)
            revert HouseholdVaultFactoryPayerNotRegistered(payer);
        delete _payerSource[payer];
        emit PayerRemoved(payer);
    }

    /// @inheritdoc IHouseholdVaultFactory
    function approveCreditor(address creditor) external onlyRole(REGISTRAR_ROLE) {
        if (creditor == address(0)) revert HouseholdVaultFactoryZeroAddress();
        _approvedCreditor[creditor] = true;
        emit CreditorApproved(creditor);
    }

    /// @inheritdoc IHouseholdVaultFactory
    /// @dev Existing plans keep paying the creditor (the debt relation exists); new plans and
    /// plan changes cannot name it.
    function revokeCreditor(address creditor) external onlyRole(REGISTRAR_ROLE) {
        if (!_approvedCreditor[creditor]) revert HouseholdVaultFactoryCreditorNotApproved(creditor);
        delete _approvedCreditor[creditor];
        emit CreditorRevoked(creditor);
    }

    /// @inheritdoc IHouseholdVaultFactory
    function setTreasury(address treasury_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury_ == address(0)) revert HouseholdVaultFactoryZeroAddress();
        _treasury = treasury_;
        emit TreasuryChanged(treasury_);
    }

    // ---------------------------------------------------------------------------------------
    // External: households
    // ---------------------------------------------------------------------------------------

    /// @inheritdoc IHouseholdVaultFactory
    function createVault(
        bytes32 householdId,
        address resident,
        address coach,
        IHouseholdVault.Plan calldata plan
    ) external onlyRole(REGISTRAR_ROLE) returns (address vault) {
        if (householdId == bytes32(0)) revert HouseholdVaultFactoryZeroHouseholdId();
        bytes memory args = _cloneArgs(householdId);
        address existing = Clones.predictDeterministicAddressWithImmutableArgs(VAULT_IMPLEMENTATION, args, householdId);
        if (existing.code.length != 0) revert HouseholdVaultFactoryHouseholdExists(householdId, existing);

        vault = Clones.cloneDeterministicWithImmutableArgs(VAULT_IMPLEMENTATION, args, householdId);
        _isVault[vault] = true;
        emit VaultCreated(householdId, vault);
        IHouseholdVault(vault).initialize(resident, coach, plan);
    }

    /// @inheritdoc IHouseholdVaultFactory
    function settleAndReleaseMany(address[] calldata vaults) external returns (uint256 processed) {
        uint256 n = vaults.length;
        if (n > MAX_BATCH) revert HouseholdVaultFactoryBatchTooLarge(n, MAX_BATCH);
        for (uint256 i; i < n; ++i) {
            uint256 left = gasleft();
            if (left < GAS_PER_VAULT) {
                // A batch that cannot start its first vault reverts rather than succeed doing
                // nothing: otherwise eth_estimateGas would return the price of that no-op.
                if (i == 0) revert HouseholdVaultFactoryBatchOutOfGas(left, GAS_PER_VAULT);
                emit KeeperBatchStopped(i, n);
                return i;
            }
            address vault = vaults[i];
            if (!_isVault[vault]) revert HouseholdVaultFactoryUnknownVault(vault);
            // One paused or closed vault must not hold up the rest of the municipality.
            // solhint-disable-next-line no-empty-blocks
            try IHouseholdVault(vault).settle() {} catch {
                emit KeeperCallFailed(vault, IHouseholdVault.settle.selector);
            }
            // solhint-disable-next-line no-empty-blocks
            try IHouseholdVault(vault).release() {} catch {
                emit KeeperCallFailed(vault, IHouseholdVault.release.selector);
            }
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------
    // External views
    // ---------------------------------------------------------------------------------------

    /// @inheritdoc IHouseholdVaultFactory
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IHouseholdVaultFactory
    function payerSource(address payer) external view returns (IHouseholdVault.Source) {
        return _payerSource[payer];
    }

    /// @inheritdoc IHouseholdVaultFactory
    function isApprovedCreditor(address creditor) external view returns (bool) {
        return _approvedCreditor[creditor];
    }

    /// @inheritdoc IHouseholdVaultFactory
    function isVault(address vault) external view returns (bool) {
        return _isVault[vault];
    }

    /// @inheritdoc IHouseholdVaultFactory
    function vaultAddress(bytes32 householdId) external view returns (address) {
        return
            Clones.predictDeterministicAddressWithImmutableArgs(
                VAULT_IMPLEMENTATION,
                _cloneArgs(householdId),
                householdId
            );
    }

    // ---------------------------------------------------------------------------------------
    // Internal
    // ---------------------------------------------------------------------------------------

    /// @dev What every clone carries in its bytecode instead of storage: cheaper to create and read.
    function _cloneArgs(bytes32 householdId) private view returns (bytes memory) {
        return abi.encode(address(this), TOKEN, householdId);
    }
}
