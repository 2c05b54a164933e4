// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeOnTransferToken
/// @notice Test only. Every transfer (not mint) burns `FEE_BPS` basis points of the amount: the
/// sender is debited the full amount, the recipient credited the amount less the fee.
contract FeeOnTransferToken is ERC20 {
    uint256 public constant FEE_BPS = 100; // 1 %

    constructor() ERC20("Fee Euro", "fEUR") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        uint256 fee = (value * FEE_BPS) / 10_000;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
