pragma solidity ^0.4.19;

contract NameRegistrar {
    bool public unlocked = false;

    struct NameRecord {
        bytes32 name;
        address mappedAddress;
    }

    mapping(address => NameRecord) public registeredNameRecord;
    mapping(bytes32 => address) public resolve;

    function register(bytes32 _name, address _mappedAddress) public {
        NameRecord newRecord;
        newRecord.name = _name;
        newRecord.mappedAddress = _mappedAddress;

        resolve[_name] = _mappedAddress;
        registeredNameRecord[msg.sender] = newRecord;

        require(unlocked);
    }

    function registerSafe(bytes32 _name, address _mappedAddress) public {
        NameRecord memory newRecord;
        newRecord.name = _name;
        newRecord.mappedAddress = _mappedAddress;
        registeredNameRecord[msg.sender] = newRecord;
    }

    function lookup(address who) public view returns (bytes32) {
        NameRecord storage record = registeredNameRecord[who];
        return record.name;
    }
}
