// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IHouseholdVault} from "./IHouseholdVault.sol";

/// @title IHouseholdVaultFactory
/// @notice One per municipality: the register of authorised payers and approved creditors, the
/// appointment of coaches, and the creation of household vaults as deterministic clones.
interface IHouseholdVaultFactory is IAccessControl {
    // ---------------------------------------------------------------------------------------
    // Errors
    // ---------------------------------------------------------------------------------------

    error HouseholdVaultFactoryZeroAddress();
    error HouseholdVaultFactoryZeroHouseholdId();
    /// @notice Payers can only be registered with a payer source (SVB, Toeslagen, WorkAndIncome, OtherPayer).
    error HouseholdVaultFactoryInvalidSource(IHouseholdVault.Source source);
    error HouseholdVaultFactoryPayerNotRegistered(address payer);
    error HouseholdVaultFactoryCreditorNotApproved(address creditor);
    error HouseholdVaultFactoryHouseholdExists(bytes32 householdId, address vault);
    error HouseholdVaultFactoryUnknownVault(address vault);
    error HouseholdVaultFactoryBatchTooLarge(uint256 size, uint256 max);
    /// @notice Too little gas is left to start even the first vault of a batch (GAS_PER_VAULT).
    error HouseholdVaultFactoryBatchOutOfGas(uint256 left, uint256 needed);

    // ---------------------------------------------------------------------------------------
    // Events
    // ---------------------------------------------------------------------------------------

    event PayerRegistered(address indexed payer, IHouseholdVault.Source indexed source);
    event PayerRemoved(address indexed payer);
    event CreditorApproved(address indexed creditor);
    event CreditorRevoked(address indexed creditor);
    event TreasuryChanged(address indexed treasury);
    event VaultCreated(bytes32 indexed householdId, address indexed vault);
    /// @notice A keeper call in a batch reverted; the batch went on with the next vault.
    event KeeperCallFailed(address indexed vault, bytes4 indexed selector);
    /// @notice A batch stopped before vault number `processed` (of `requested`) because too little
    /// gas was left for a worst-case vault; send the rest in another transaction.
    event KeeperBatchStopped(uint256 processed, uint256 requested);

    // ---------------------------------------------------------------------------------------
    // Registers (REGISTRAR_ROLE)
    // ---------------------------------------------------------------------------------------

    function registerPayer(address payer, IHouseholdVault.Source source) external;

    function removePayer(address payer) external;

    function approveCreditor(address creditor) external;

    function revokeCreditor(address creditor) external;

    /// @notice Where advance repayments go (DEFAULT_ADMIN_ROLE).
    function setTreasury(address treasury) external;

    // ---------------------------------------------------------------------------------------
    // Households
    // ---------------------------------------------------------------------------------------

    /// @notice Creates and initialises the vault of `householdId` in one transaction (REGISTRAR_ROLE).
    /// @param householdId a random id; the mapping to a person is kept off chain
    function createVault(
        bytes32 householdId,
        address resident,
        address coach,
        IHouseholdVault.Plan calldata plan
    ) external returns (address vault);

    /// @notice Settles and releases each vault; a vault whose call reverts (paused, closed) is
    /// skipped with a KeeperCallFailed event. Stops cleanly, with KeeperBatchStopped, when less
    /// gas is left than a worst-case vault may need; reverts if that is so before the first vault.
    /// Anyone may call. Set the gas limit yourself (the sum of each vault's settle and release
    /// estimates plus GAS_PER_VAULT): an estimate of the whole batch only prices its first vault.
    /// @return processed how many vaults (from the start of the list) were handled
    function settleAndReleaseMany(address[] calldata vaults) external returns (uint256 processed);

    // ---------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------

    function REGISTRAR_ROLE() external view returns (bytes32);

    function COACH_ROLE() external view returns (bytes32);

    function GUARDIAN_ROLE() external view returns (bytes32);

    function TREASURER_ROLE() external view returns (bytes32);

    function TOKEN() external view returns (address);

    function VAULT_IMPLEMENTATION() external view returns (address);

    /// @notice The most a household may owe the municipality in advances, in token units.
    function ADVANCE_CAP() external view returns (uint256);

    /// @notice How long after giving notice a resident's vault can close, in seconds.
    function EXIT_NOTICE_PERIOD() external view returns (uint256);

    function treasury() external view returns (address);

    /// @notice The source a payer is registered with; Untagged when it is not registered.
    function payerSource(address payer) external view returns (IHouseholdVault.Source);

    function isApprovedCreditor(address creditor) external view returns (bool);

    function isVault(address vault) external view returns (bool);

    /// @notice The address the vault of `householdId` has, or will have, in this factory.
    function vaultAddress(bytes32 householdId) external view returns (address);
}
