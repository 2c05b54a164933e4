// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title RevertOnZeroToken
/// @notice Test only. Reverts every transfer of zero (some tokens do), so a test can show that a
/// flow never attempts one: an attempted zero payout would surface as PaymentDeferred(x, 0) or a
/// reverted call.
contract RevertOnZeroToken is ERC20 {
    error RevertOnZeroTokenZeroAmount();

    constructor() ERC20("Zero-averse Euro", "zEUR") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (value == 0) revert RevertOnZeroTokenZeroAmount();
        super._update(from, to, value);
    }
}
