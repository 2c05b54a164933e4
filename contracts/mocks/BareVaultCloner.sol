// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";

/// @title BareVaultCloner
/// @notice Test-only: makes a vault clone with a real factory's immutable arguments but does not
/// initialise it, so tests can show that only the factory named in those arguments may do so.
contract BareVaultCloner {
    event Cloned(address clone);

    function cloneWithoutInit(
        address implementation,
        address factory,
        address token,
        bytes32 householdId
    ) external returns (address clone) {
        clone = Clones.cloneWithImmutableArgs(implementation, abi.encode(factory, token, householdId));
        emit Cloned(clone);
    }
}
