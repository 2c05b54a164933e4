// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ITokenHooks
/// @notice Test only. The two ERC-777-style callbacks HookToken makes to accounts that registered
/// for them: `tokensToSend` on the sender before the balances move, `tokensReceived` on the
/// recipient after. A reverting hook reverts the whole transfer, as in ERC-777.
interface ITokenHooks {
    function tokensToSend(address operator, address from, address to, uint256 amount) external;

    function tokensReceived(address operator, address from, address to, uint256 amount) external;
}
