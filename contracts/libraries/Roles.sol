// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Roles
/// @notice The municipal roles, held in the factory's AccessControl and checked by its vaults.
library Roles {
    /// @notice Registers payers and creditors and creates household vaults.
    bytes32 internal constant REGISTRAR = keccak256("REGISTRAR_ROLE");
    /// @notice A budget coach: may propose a plan for the households it is appointed to.
    bytes32 internal constant COACH = keccak256("COACH_ROLE");
    /// @notice Pauses and unpauses vaults.
    bytes32 internal constant GUARDIAN = keccak256("GUARDIAN_ROLE");
    /// @notice Advances municipal money to households that are short.
    bytes32 internal constant TREASURER = keccak256("TREASURER_ROLE");
}
