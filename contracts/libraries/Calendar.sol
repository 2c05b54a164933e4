// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Calendar
/// @notice Real calendar months (28 to 31 days, Gregorian leap years) from block time.
/// @dev All dates are in UTC. A due day D therefore starts at 00:00 UTC, which is 01:00 or
/// 02:00 in the Netherlands (CET/CEST): a payment made from the start of UTC day D always
/// lands on local day D, never a day early.
///
/// A month is identified by its month index `year * 12 + (month - 1)`, so that consecutive
/// months have consecutive indexes across year ends.
///
/// The day conversions are Howard Hinnant's `days_from_civil` and `civil_from_days`
/// (https://howardhinnant.github.io/date_algorithms.html), restricted to dates from
/// 1970-01-01 on, where every intermediate value is non-negative. The vault only passes such
/// dates (block times, and month indexes of years from 1970 below 2^32), for which no step can
/// overflow or underflow, so the arithmetic is unchecked: the vault runs it on every keeper call.
/// Other callers must keep to the same range.
library Calendar {
    uint256 internal constant SECONDS_PER_DAY = 1 days;

    // Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar.
    uint256 private constant _EPOCH_SHIFT = 719_468;
    uint256 private constant _DAYS_PER_ERA = 146_097;

    /// @notice The civil (year, month, day) of a timestamp, in UTC.
    function toDate(uint256 timestamp) internal pure returns (uint256 year, uint256 month, uint256 day) {
        unchecked {
            uint256 z = timestamp / SECONDS_PER_DAY + _EPOCH_SHIFT;
            uint256 era = z / _DAYS_PER_ERA;
            uint256 dayOfEra = z - era * _DAYS_PER_ERA;
            uint256 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
            uint256 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
            uint256 shiftedMonth = (5 * dayOfYear + 2) / 153; // 0 = March ... 11 = February
            day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
            month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        }
    }

    /// @notice Days since 1970-01-01 of a civil date (year >= 1970).
    function daysFromCivil(uint256 year, uint256 month, uint256 day) internal pure returns (uint256) {
        unchecked {
            uint256 y = month <= 2 ? year - 1 : year;
            uint256 era = y / 400;
            uint256 yearOfEra = y - era * 400;
            uint256 dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
            uint256 dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
            return era * _DAYS_PER_ERA + dayOfEra - _EPOCH_SHIFT;
        }
    }

    function isLeapYear(uint256 year) internal pure returns (bool) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    function daysInMonth(uint256 year, uint256 month) internal pure returns (uint256) {
        if (month == 2) return isLeapYear(year) ? 29 : 28;
        if (month == 4 || month == 6 || month == 9 || month == 11) return 30;
        return 31;
    }

    /// @notice The month index (`year * 12 + month - 1`) that contains `timestamp`.
    function monthIndexOf(uint256 timestamp) internal pure returns (uint256) {
        unchecked {
            (uint256 year, uint256 month, ) = toDate(timestamp);
            return year * 12 + month - 1;
        }
    }

    /// @notice 00:00 UTC on the first day of month `monthIndex`.
    function monthStart(uint256 monthIndex) internal pure returns (uint256) {
        unchecked {
            return daysFromCivil(monthIndex / 12, (monthIndex % 12) + 1, 1) * SECONDS_PER_DAY;
        }
    }

    /// @notice 00:00 UTC on due day `dueDay` of month `monthIndex`; in a shorter month the
    /// last day of that month counts (due day 31 in April is 30 April, in February the 28th or 29th).
    function dueTimestamp(uint256 monthIndex, uint256 dueDay) internal pure returns (uint256) {
        unchecked {
            uint256 year = monthIndex / 12;
            uint256 month = (monthIndex % 12) + 1;
            uint256 lastDay = daysInMonth(year, month);
            uint256 day = dueDay < lastDay ? dueDay : lastDay;
            return daysFromCivil(year, month, day) * SECONDS_PER_DAY;
        }
    }
}
