pragma solidity ^0.4.0;

contract SimpleSuicide {
    function sudicideAnyone() {
        selfdestruct(msg.sender);
    }
}

contract OldSuicide {
    address owner;

    function OldSuicide() { owner = msg.sender; }

    function close() public {
        cleanup();
    }

    function cleanup() internal {
        suicide(owner);
    }
}

contract Guarded {
    address owner;

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    function Guarded() { owner = msg.sender; }

    function kill() public onlyOwner {
        selfdestruct(owner);
    }

    function killIf() public {
        if (msg.sender == owner) {
            suicide(owner);
        }
    }
}
