// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FeeSkimmingToken
/// @notice Test-only: an ERC-20 that burns 1% of every transfer between two accounts, so the
/// receiver gets less than was sent (a fee-on-transfer token the vault must refuse).
contract FeeSkimmingToken is ERC20 {
    constructor() ERC20("Fee Skimming Euro", "fsEUR") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = value / 100;
            super._update(from, address(0), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}
