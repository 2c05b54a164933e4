// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Calendar} from "../libraries/Calendar.sol";

/// @title CalendarHarness
/// @notice Test-only: exposes the Calendar library's internal functions so tests can compare them
/// with JavaScript's Date.
contract CalendarHarness {
    function toDate(uint256 timestamp) external pure returns (uint256 year, uint256 month, uint256 day) {
        return Calendar.toDate(timestamp);
    }

    function daysFromCivil(uint256 year, uint256 month, uint256 day) external pure returns (uint256) {
        return Calendar.daysFromCivil(year, month, day);
    }

    function isLeapYear(uint256 year) external pure returns (bool) {
        return Calendar.isLeapYear(year);
    }

    function daysInMonth(uint256 year, uint256 month) external pure returns (uint256) {
        return Calendar.daysInMonth(year, month);
    }

    function monthIndexOf(uint256 timestamp) external pure returns (uint256) {
        return Calendar.monthIndexOf(timestamp);
    }

    function monthStart(uint256 monthIndex) external pure returns (uint256) {
        return Calendar.monthStart(monthIndex);
    }

    function dueTimestamp(uint256 monthIndex, uint256 dueDay) external pure returns (uint256) {
        return Calendar.dueTimestamp(monthIndex, dueDay);
    }
}
