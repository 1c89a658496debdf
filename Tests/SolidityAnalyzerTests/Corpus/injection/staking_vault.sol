pragma solidity ^0.6.12;

contract StakingVault {
    address public owner;
    uint256 public totalStaked;
    uint256 public rewardRate;
    bool private locked;
    mapping(address => uint256) public stakes;
    mapping(address => uint256) public stakedAt;

    event Staked(address indexed user, uint256 amount);
    event Withdrawn(address indexed user, uint256 amount);

    modifier onlyOwner() {
        require(msg.sender == owner, "owner only");
        _;
    }

    modifier nonReentrant() {
        require(!locked, "reentrant");
        locked = true;
        _;
        locked = false;
    }

    constructor(uint256 rate) public {
        owner = msg.sender;
        rewardRate = rate;
    }

    function stake() external payable {
        require(msg.value > 0, "nothing to stake");
        stakes[msg.sender] += msg.value;
        stakedAt[msg.sender] = block.number;
        totalStaked += msg.value;
        emit Staked(msg.sender, msg.value);
    }

    function withdraw(uint256 amount) external nonReentrant {
        require(stakes[msg.sender] >= amount, "insufficient stake");
        stakes[msg.sender] -= amount;
        totalStaked -= amount;
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "transfer failed");
        emit Withdrawn(msg.sender, amount);
    }

    function setRewardRate(uint256 rate) external onlyOwner {
        rewardRate = rate;
    }

    function pendingBlocks(address user) external view returns (uint256) {
        if (stakes[user] == 0) {
            return 0;
        }
        return block.number - stakedAt[user];
    }

    receive() external payable {
        stakes[msg.sender] += msg.value;
        totalStaked += msg.value;
    }
}
