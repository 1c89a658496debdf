pragma solidity ^0.4.25;

contract DosOneFunc {
    address[] listAddresses;

    function ifillArray() public returns (bool) {
        if (listAddresses.length < 1500) {
            for (uint i = 0; i < 350; i++) {
                listAddresses.push(msg.sender);
            }
            return true;
        } else {
            listAddresses = new address[](0);
            return false;
        }
    }
}

contract DosNumber {
    uint numElements = 0;
    uint[] array;

    function insertNnumbers(uint value, uint numbers) public {
        for (uint i = 0; i < numbers; i++) {
            if (numElements == array.length) {
                array.length += 1;
            }
            array[numElements++] = value;
        }
    }

    function clear() public {
        require(numElements > 1500);
        numElements = 0;
    }
}
