// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ITokenHooks} from "./ITokenHooks.sol";

/// @title HookToken
/// @notice Test only. An ERC-20 that, like ERC-777, calls the sender and the recipient back on
/// every transfer when they registered for it (ERC-777 asks the ERC-1820 registry; here an
/// account registers itself with `setHooks`). Hooks get all the gas and their reverts bubble, so
/// a hostile recipient can re-enter, revert or burn gas inside the vault's payment.
contract HookToken is ERC20 {
    mapping(address account => bool) private _hooked;

    constructor() ERC20("Hook Euro", "hEUR") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice The caller asks to be called back when it sends or receives.
    function setHooks(bool on) external {
        _hooked[msg.sender] = on;
    }

    function hasHooks(address account) external view returns (bool) {
        return _hooked[account];
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && _hooked[from]) ITokenHooks(from).tokensToSend(msg.sender, from, to, value);
        super._update(from, to, value);
        if (to != address(0) && _hooked[to]) ITokenHooks(to).tokensReceived(msg.sender, from, to, value);
    }
}
