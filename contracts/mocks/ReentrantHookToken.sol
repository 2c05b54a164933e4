// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReentrantHookToken
/// @notice Test-only: an ERC-20 with a one-shot hook. Once armed, the next balance change first
/// calls `target` with `data` (as a hostile token or recipient hook would) and records whether that
/// call succeeded and what it reverted with; the transfer itself then goes ahead normally.
contract ReentrantHookToken is ERC20 {
    address private _target;
    bytes private _data;

    bool public lastCallSucceeded;
    bytes public lastReturnData;

    constructor() ERC20("Reentrant Hook Euro", "rhEUR") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target, bytes calldata data) external {
        _target = target;
        _data = data;
    }

    function _update(address from, address to, uint256 value) internal override {
        address target = _target;
        if (target != address(0)) {
            _target = address(0);
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory ret) = target.call(_data);
            lastCallSucceeded = ok;
            lastReturnData = ret;
        }
        super._update(from, to, value);
    }
}
