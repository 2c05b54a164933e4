// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IHouseholdVault} from "../interfaces/IHouseholdVault.sol";
import {ITokenHooks} from "./ITokenHooks.sol";

interface IHookRegistry {
    function setHooks(bool on) external;
}

/// @title HostileAccount
/// @notice Test only. A contract that can be a payer, creditor or resident of a vault and, when
/// the token calls it back (HookToken), misbehaves: reverts, burns all the gas it is given, or
/// re-enters the vault. With `swallow` it catches the re-entrant call's revert, records it and
/// lets the transfer go on; without, the revert bubbles and the transfer fails.
contract HostileAccount is ITokenHooks {
    enum Action {
        None,
        Revert,
        BurnGas,
        ReenterDeposit,
        ReenterSettle,
        ReenterRelease,
        ReenterClaim,
        ReenterAllocate
    }

    error HostileAccountRefused();

    Action public action;
    IHouseholdVault public victim;
    bool public swallow;
    /// @notice Revert data of the last re-entrant call that was caught.
    bytes public lastError;
    uint256 public hookCalls;
    uint256 private _sink;

    /// @notice Register for the token's callbacks.
    function registerHooks(address token) external {
        IHookRegistry(token).setHooks(true);
    }

    function setAction(Action action_, IHouseholdVault victim_, bool swallow_) external {
        action = action_;
        victim = victim_;
        swallow = swallow_;
    }

    function approve(IERC20 token, address spender, uint256 amount) external {
        token.approve(spender, amount);
    }

    function deposit(IHouseholdVault vault, uint256 amount) external {
        vault.deposit(amount);
    }

    function claim(IHouseholdVault vault) external returns (uint256) {
        return vault.claim();
    }

    function tokensToSend(address, address, address, uint256) external {
        _act();
    }

    function tokensReceived(address, address, address, uint256) external {
        _act();
    }

    /// @notice Makes the re-entrant call; external so that `_act` can catch its revert.
    function reenter() external {
        if (msg.sender != address(this)) revert HostileAccountRefused();
        Action a = action;
        if (a == Action.ReenterDeposit) victim.deposit(1);
        else if (a == Action.ReenterSettle) victim.settle();
        else if (a == Action.ReenterRelease) victim.release();
        else if (a == Action.ReenterClaim) victim.claim();
        else if (a == Action.ReenterAllocate) victim.allocate();
    }

    function _act() private {
        ++hookCalls;
        Action a = action;
        if (a == Action.None) return;
        if (a == Action.Revert) revert HostileAccountRefused();
        if (a == Action.BurnGas) {
            // Runs until the gas it was given is gone.
            while (true) {
                ++_sink;
            }
        }
        if (!swallow) {
            this.reenter();
            return;
        }
        // solhint-disable-next-line no-empty-blocks
        try this.reenter() {} catch (bytes memory reason) {
            lastError = reason;
        }
    }
}
