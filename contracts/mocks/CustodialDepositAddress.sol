// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title CustodialDepositAddress
/// @notice Test only. Stands in for a creditor's custodial deposit address (an exchange or a
/// payment provider that credits whatever arrives): it can receive tokens but never sends a
/// transaction, so it can never call the vault's claim(). It has no functions on purpose.
// solhint-disable-next-line no-empty-blocks
contract CustodialDepositAddress {}
