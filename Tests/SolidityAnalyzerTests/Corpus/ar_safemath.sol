pragma solidity ^0.4.24;

library SafeMath {
    function mul(uint256 a, uint256 b) internal pure returns (uint256) {
        if (a == 0) {
            return 0;
        }
        uint256 c = a * b;
        assert(c / a == b);
        return c;
    }

    function sub(uint256 a, uint256 b) internal pure returns (uint256) {
        assert(b <= a);
        return a - b;
    }

    function add(uint256 a, uint256 b) internal pure returns (uint256) {
        uint256 c = a + b;
        assert(c >= a);
        return c;
    }
}

contract SafeToken {
    using SafeMath for uint256;
    mapping(address => uint256) balances;
    uint256 totalSupply_;
    address owner = msg.sender;

    function transfer(address _to, uint256 _value) public returns (bool) {
        require(_to != address(0));
        require(_value <= balances[msg.sender]);
        balances[msg.sender] = balances[msg.sender].sub(_value);
        balances[_to] = balances[_to].add(_value);
        return true;
    }

    function mint(address _to, uint256 _amount) public returns (bool) {
        require(msg.sender == owner);
        totalSupply_ = totalSupply_ + _amount;
        balances[_to] += _amount;
        return true;
    }

    function inc() public {
        for (uint256 i = 0; i < 10; i++) {
            totalSupply_++;
        }
    }

    function bounded(uint256 n) public {
        require(n < 100);
        totalSupply_ += n;
    }
}
