pragma solidity ^0.4.9;

contract WalletLibrary {
    uint public m_required;
    uint public m_numOwners;
    uint[256] m_owners;
    mapping(uint => uint) m_ownerIndex;
    uint public m_dailyLimit;

    modifier onlyowner {
        if (isOwner(msg.sender)) _;
    }

    function initMultiowned(address[] _owners, uint _required) {
        m_numOwners = _owners.length + 1;
        m_owners[1] = uint(msg.sender);
        m_ownerIndex[uint(msg.sender)] = 1;
        m_required = _required;
    }

    function initWallet(address[] _owners, uint _required, uint _daylimit) {
        initDaylimit(_daylimit);
        initMultiowned(_owners, _required);
    }

    function initDaylimit(uint _limit) {
        m_dailyLimit = _limit;
    }

    function isOwner(address _addr) constant returns (bool) {
        return m_ownerIndex[uint(_addr)] > 0;
    }

    function setDailyLimit(uint _newLimit) onlyowner external {
        m_dailyLimit = _newLimit;
    }
}

contract Initializable {
    address public owner;
    bool public initialized;

    function initialize(address _owner) public {
        require(!initialized);
        initialized = true;
        owner = _owner;
    }
}
