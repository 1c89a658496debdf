pragma solidity ^0.4.24;

contract airdrop {
    function transfer(address from, address caddress, address[] _tos, uint v) public returns (bool) {
        require(_tos.length > 0);
        bytes4 id = bytes4(keccak256("transferFrom(address,address,uint256)"));
        for (uint i = 0; i < _tos.length; i++) {
            caddress.call(id, from, _tos[i], v);
        }
        return true;
    }
}

contract KingOfTheEtherThrone {
    struct Monarch {
        address etherAddress;
        string name;
        uint claimPrice;
        uint coronationTimestamp;
    }

    address wizardAddress;
    uint public currentClaimPrice = 100 finney;
    Monarch public currentMonarch;
    Monarch[] public pastMonarchs;

    function KingOfTheEtherThrone() {
        wizardAddress = msg.sender;
        currentMonarch = Monarch(wizardAddress, "[Vacant]", 0, block.timestamp);
    }

    function claimThrone(string name) {
        uint valuePaid = msg.value;
        if (valuePaid < currentClaimPrice) {
            msg.sender.send(valuePaid);
            return;
        }
        uint wizardCommission = (valuePaid * 1) / 100;
        uint compensation = valuePaid - wizardCommission;
        if (currentMonarch.etherAddress != wizardAddress) {
            currentMonarch.etherAddress.send(compensation);
        }
        pastMonarchs.push(currentMonarch);
        currentMonarch = Monarch(msg.sender, name, valuePaid, block.timestamp);
        currentClaimPrice = currentClaimPrice * 3 / 2;
    }
}
