// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Pausable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Pausable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title EuroToken
/// @notice A test euro stablecoin modelled on EURC and EURe: ERC-20 with EIP-2612 permit, decimals
/// fixed at deployment, and an issuer who can mint, pause all transfers and blocklist accounts.
/// It stands in for a bank-issued tokenised euro; the vaults work with any standard ERC-20.
/// @dev A blocklisted account can neither send nor receive, as with EURC's blacklist.
contract EuroToken is ERC20, ERC20Permit, ERC20Pausable, AccessControl {
    // ---------------------------------------------------------------------------------------
    // Errors and events
    // ---------------------------------------------------------------------------------------

    /// @notice `account` is blocklisted and cannot send or receive.
    error EuroTokenBlocked(address account);
    /// @notice Decimals above 18 are not supported.
    error EuroTokenInvalidDecimals(uint8 decimals);
    error EuroTokenZeroAddress();

    event Blocklisted(address indexed account);
    event Unblocklisted(address indexed account);

    // ---------------------------------------------------------------------------------------
    // Constants and immutables
    // ---------------------------------------------------------------------------------------

    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    bytes32 public constant BLOCKLISTER_ROLE = keccak256("BLOCKLISTER_ROLE");

    uint8 private immutable _DECIMALS;

    // ---------------------------------------------------------------------------------------
    // Storage
    // ---------------------------------------------------------------------------------------

    mapping(address account => bool) private _blocklisted;

    // ---------------------------------------------------------------------------------------
    // Constructor
    // ---------------------------------------------------------------------------------------

    /// @param admin receives every role; it can hand them on with AccessControl
    /// @param decimals_ 2 (like a bank ledger), 6 (like EURC) or 18 (like EURe)
    constructor(
        address admin,
        uint8 decimals_
    ) ERC20("Huishoudboekje Test Euro", "tEUR") ERC20Permit("Huishoudboekje Test Euro") {
        if (admin == address(0)) revert EuroTokenZeroAddress();
        if (decimals_ > 18) revert EuroTokenInvalidDecimals(decimals_);
        _DECIMALS = decimals_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
        _grantRole(BLOCKLISTER_ROLE, admin);
    }

    // ---------------------------------------------------------------------------------------
    // External
    // ---------------------------------------------------------------------------------------

    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    function blocklist(address account) external onlyRole(BLOCKLISTER_ROLE) {
        _blocklisted[account] = true;
        emit Blocklisted(account);
    }

    function unblocklist(address account) external onlyRole(BLOCKLISTER_ROLE) {
        _blocklisted[account] = false;
        emit Unblocklisted(account);
    }

    // ---------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------

    function decimals() public view override returns (uint8) {
        return _DECIMALS;
    }

    function isBlocklisted(address account) external view returns (bool) {
        return _blocklisted[account];
    }

    /// @dev A blocklisted spender cannot move other people's tokens either (as EURC refuses).
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (_blocklisted[_msgSender()]) revert EuroTokenBlocked(_msgSender());
        return super.transferFrom(from, to, value);
    }

    // ---------------------------------------------------------------------------------------
    // Internal
    // ---------------------------------------------------------------------------------------

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Pausable) {
        if (_blocklisted[from]) revert EuroTokenBlocked(from);
        if (_blocklisted[to]) revert EuroTokenBlocked(to);
        super._update(from, to, value);
    }
}
